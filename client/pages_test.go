package client_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/talkamie/contract/client"
	"github.com/talkamie/contract/gen/models"
)

// pagedChats serves /chats in pages keyed by the JSON lastEvaluatedKey
// {"sk": "<n>"}, and records the keys it was asked for.
func pagedChats(t *testing.T, pages [][]string, keys *[]string, lastKey func(i int) string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		*keys = append(*keys, q.Get("lastEvaluatedKey"))
		i := 0
		if k := q.Get("lastEvaluatedKey"); k != "" {
			var key struct{ Sk int }
			if err := json.Unmarshal([]byte(k), &key); err != nil {
				reply(400, `{"success":false,"error":"malformed-request","message":"bad key"}`)(w, r)
				return
			}
			i = key.Sk
		}
		if q.Get("pageSize") != "3" {
			t.Errorf("page %d asked with pageSize %q, want 3", i, q.Get("pageSize"))
		}
		if i >= len(pages) {
			reply(500, `{"success":false,"error":"internal-error","message":"no such page"}`)(w, r)
			return
		}
		items := make([]map[string]string, 0, len(pages[i]))
		for _, id := range pages[i] {
			items = append(items, map[string]string{"id": id})
		}
		data, _ := json.Marshal(items)
		reply(200, fmt.Sprintf(`{"success":true,"data":%s,"pagination":{"lastEvaluatedKey":%s,"totalItems":7}}`, data, lastKey(i)))(w, r)
	}
}

func TestChatsIterator(t *testing.T) {
	pages := [][]string{{"cht_1", "cht_2", "cht_3"}, {"cht_4", "cht_5", "cht_6"}, {"cht_7"}}
	next := func(i int) string {
		if i+1 < len(pages) {
			return fmt.Sprintf(`{"sk":%d}`, i+1)
		}
		return "null"
	}
	size := 3
	params := &models.ListChatsParams{PageSize: &size}

	t.Run("three pages", func(t *testing.T) {
		var keys []string
		c := newServer(t, pagedChats(t, pages, &keys, next))
		var ids []string
		for chat, err := range c.Chats(t.Context(), params) {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, chat.Id)
		}
		if want := slices.Concat(pages...); !slices.Equal(ids, want) {
			t.Errorf("ids = %v, want %v", ids, want)
		}
		if want := []string{"", `{"sk":1}`, `{"sk":2}`}; !slices.Equal(keys, want) {
			t.Errorf("lastEvaluatedKey sent = %q, want %q", keys, want)
		}
		if params.LastEvaluatedKey != nil {
			t.Error("the iterator changed the caller's params")
		}
	})
	t.Run("single page call", func(t *testing.T) {
		var keys []string
		c := newServer(t, pagedChats(t, pages, &keys, next))
		page, err := c.ListChats(t.Context(), params)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 3 || !page.More() || page.NextKey != `{"sk":1}` || page.TotalItems == nil || *page.TotalItems != 7 {
			t.Errorf("page = %+v", page)
		}
	})
	t.Run("absent key ends the list", func(t *testing.T) {
		var keys []string
		c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			keys = append(keys, r.URL.Query().Get("lastEvaluatedKey"))
			reply(200, `{"success":true,"data":[{"id":"cht_1"}],"pagination":{}}`)(w, r)
		})
		n := 0
		for _, err := range c.Chats(t.Context(), params) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		if n != 1 || len(keys) != 1 {
			t.Errorf("%d items from %d requests, want 1 from 1", n, len(keys))
		}
	})
	t.Run("break stops fetching", func(t *testing.T) {
		var keys []string
		c := newServer(t, pagedChats(t, pages, &keys, next))
		for chat, err := range c.Chats(t.Context(), params) {
			if err != nil || chat.Id == "cht_2" {
				break
			}
		}
		if len(keys) != 1 {
			t.Errorf("%d requests after a break on the first page, want 1", len(keys))
		}
	})
	t.Run("error on a later page", func(t *testing.T) {
		var keys []string
		c := newServer(t, pagedChats(t, pages[:1], &keys, next))
		var ids []string
		var last error
		for chat, err := range c.Chats(t.Context(), params) {
			if err != nil {
				last = err
				continue
			}
			ids = append(ids, chat.Id)
		}
		if len(ids) != 3 || !errors.As(last, new(*client.APIError)) {
			t.Errorf("ids = %v, last error = %v; want the first page then the 500", ids, last)
		}
	})
	t.Run("a repeated key stops the loop", func(t *testing.T) {
		var keys []string
		c := newServer(t, pagedChats(t, [][]string{{"cht_1"}, {"cht_2"}}, &keys, func(int) string { return `{"sk":1}` }))
		var last error
		for _, err := range c.Chats(t.Context(), params) {
			last = err
		}
		if !errors.Is(last, client.ErrUnexpectedResponse) || len(keys) != 2 {
			t.Errorf("last error = %v after %d requests", last, len(keys))
		}
	})
}

func TestChatMessagesIterator(t *testing.T) {
	c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/cht_margaret_daniel/messages" {
			t.Errorf("path = %s", r.URL.Path)
		}
		if r.URL.Query().Get("lastEvaluatedKey") == "" {
			reply(200, `{"success":true,"data":{"chat":{"id":"cht_margaret_daniel"},"messages":[{"id":"msg_0003"},{"id":"msg_0002"}]},"pagination":{"lastEvaluatedKey":{"sk":"msg_0002"}}}`)(w, r)
			return
		}
		reply(200, `{"success":true,"data":{"chat":{"id":"cht_margaret_daniel"},"messages":[{"id":"msg_0001"}]}}`)(w, r)
	})
	page, err := c.ListChatMessages(t.Context(), "cht_margaret_daniel", nil)
	if err != nil {
		t.Fatal(err)
	}
	if page.Chat.Id != "cht_margaret_daniel" || len(page.Items) != 2 || page.NextKey != `{"sk":"msg_0002"}` {
		t.Errorf("page = %+v", page)
	}
	var ids []string
	for m, err := range c.ChatMessages(t.Context(), "cht_margaret_daniel", nil) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.Id)
	}
	if want := []string{"msg_0003", "msg_0002", "msg_0001"}; !slices.Equal(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
}
