package e2e_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/talkamie/contract/client"
	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/gen/wsmsg"
	"github.com/talkamie/contract/server"
	"github.com/talkamie/contract/server/example"
)

// exampleAPI serves server/example through server.New, with response
// validation on, and returns its base URL (without /v1).
func exampleAPI(t testing.TB) string {
	t.Helper()
	hub := server.NewHub()
	api := example.New(hub)
	e, err := server.New(api,
		server.WithAuthenticator(api),
		server.WithWebSocket(api.Handler(), server.WebSocketConfig{}),
		server.WithHub(hub),
		server.WithResponseValidation(true))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(func() {
		srv.Close()
		hub.Close()
	})
	return srv.URL
}

// countingTransport counts the requests that reach the server.
type countingTransport struct{ n atomic.Int32 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}

func newClient(t *testing.T, base, token string, opts ...client.Option) *client.Client {
	t.Helper()
	if token != "" {
		opts = append(opts, client.WithToken(token))
	}
	c, err := client.New(base+"/v1", append(opts, client.WithTimezoneOffset(-60))...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestClientAgainstExampleServer(t *testing.T) {
	base := exampleAPI(t)
	margaret := newClient(t, base, "tok_margaret_access")
	daniel := newClient(t, base, "tok_daniel_access")
	anonymous := newClient(t, base, "")

	tests := []struct {
		name string
		call func(ctx context.Context) error
		// want is the error the call must match (nil for success);
		// code and locations are checked on the *APIError when set.
		want      error
		code      string
		locations []string
	}{
		{name: "success: get user by token", call: func(ctx context.Context) error {
			me, err := margaret.GetUserByToken(ctx)
			if err == nil && (me.User.Id != "usr_margaret" || me.User.Name == nil || *me.User.Name != "Margaret Hughes") {
				t.Errorf("GET /auth: %+v", me.User)
			}
			return err
		}},
		{name: "success: get another user", call: func(ctx context.Context) error {
			u, err := margaret.GetUser(ctx, "usr_daniel")
			if err == nil && (u.Id != "usr_daniel" || *u.Name != "Daniel Okafor") {
				t.Errorf("GET /user/usr_daniel: %+v", u)
			}
			return err
		}},
		{name: "success: withdraw coins", call: func(ctx context.Context) error {
			body := models.WithdrawCoinsJSONRequestBody{Coins: 200}
			body.Paypal.Email = "daniel.okafor@example.com"
			r, err := daniel.WithdrawCoins(ctx, body)
			if err == nil && (r.Transaction.Coins == nil || *r.Transaction.Coins.Amount != 200) {
				t.Errorf("withdrawal: %+v", r.Transaction)
			}
			return err
		}},
		{name: "validation failure: coins below the minimum", call: func(ctx context.Context) error {
			body := models.WithdrawCoinsJSONRequestBody{Coins: 1}
			body.Paypal.Email = "daniel.okafor@example.com"
			_, err := daniel.WithdrawCoins(ctx, body)
			return err
		}, want: client.ErrValidation, code: "validation-failed", locations: []string{"body.coins"}},
		{name: "conflict: more coins than the balance", call: func(ctx context.Context) error {
			body := models.WithdrawCoinsJSONRequestBody{Coins: 1_000_000}
			body.Paypal.Email = "daniel.okafor@example.com"
			_, err := daniel.WithdrawCoins(ctx, body)
			return err
		}, want: client.ErrConflict, code: "conflict"},
		{name: "missing auth", call: func(ctx context.Context) error {
			_, err := anonymous.GetUserByToken(ctx)
			return err
		}, want: client.ErrUnauthorized, code: "unauthorized", locations: []string{"header.Authorization"}},
		{name: "unknown user", call: func(ctx context.Context) error {
			_, err := margaret.GetUser(ctx, "usr_nobody")
			return err
		}, want: client.ErrNotFound, code: "not-found"},
		{name: "unimplemented", call: func(ctx context.Context) error {
			_, err := margaret.ListAlerts(ctx, nil)
			return err
		}, want: client.ErrNotImplemented, code: "not-implemented"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(t.Context())
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var apiErr *client.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %T, want *client.APIError", err)
			}
			if apiErr.Code != tt.code || apiErr.Message == "" {
				t.Errorf("code %q message %q, want code %q and a message", apiErr.Code, apiErr.Message, tt.code)
			}
			if apiErr.RequestID == "" {
				t.Error("no X-Request-Id on the error")
			}
			var locations []string
			for _, d := range apiErr.Details {
				locations = append(locations, d.Location)
				if d.Code == "" || d.Message == "" {
					t.Errorf("detail without code or message: %+v", d)
				}
			}
			if !slices.Equal(locations, tt.locations) {
				t.Errorf("detail locations = %q, want %q", locations, tt.locations)
			}
		})
	}
}

func TestClientPaginationAgainstExampleServer(t *testing.T) {
	base := exampleAPI(t)
	transport := &countingTransport{}
	margaret := newClient(t, base, "tok_margaret_access", client.WithHTTPClient(&http.Client{Transport: transport}))
	size := 1
	var ids []string
	for txn, err := range margaret.PurchaseTransactions(t.Context(), &models.ListPurchaseTransactionsParams{PageSize: &size}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, txn.Id)
	}
	if want := []string{"txn_topup_0003", "txn_topup_0001", "txn_topup_0002"}; !slices.Equal(ids, want) {
		t.Errorf("purchases = %v, want %v", ids, want)
	}
	if n := transport.n.Load(); n != 3 {
		t.Errorf("%d requests, want 3 (one per page)", n)
	}

	page, err := margaret.ListChats(t.Context(), &models.ListChatsParams{PageSize: &size})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || !page.More() {
		t.Errorf("first chats page = %+v, want one chat and more", page)
	}
}

func wsURL(base string) string { return "ws" + strings.TrimPrefix(base, "http") + "/ws" }

func TestWebSocketAgainstExampleServer(t *testing.T) {
	base := exampleAPI(t)
	ctx := t.Context()
	dial := func(token string) *client.WSConn {
		ws, err := client.DialWS(ctx, wsURL(base), client.WithToken(token), client.WithPingInterval(10*time.Millisecond, time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = ws.Close() })
		return ws
	}

	t.Run("refused token", func(t *testing.T) {
		if _, err := client.DialWS(ctx, wsURL(base), client.WithToken("tok_stolen")); !errors.Is(err, client.ErrUnauthorized) {
			t.Errorf("err = %v, want ErrUnauthorized", err)
		}
	})

	margaret, daniel := dial("tok_margaret_access"), dial("tok_daniel_access")
	for ws, id := range map[*client.WSConn]string{margaret: "usr_margaret", daniel: "usr_daniel"} {
		if u := ws.User(); u == nil || u.Id != id {
			t.Errorf("authenticated as %+v, want %s", u, id)
		}
	}

	t.Run("ack to the sender, push to the other user", func(t *testing.T) {
		send := &models.WsChatMessageSend{ChatId: "cht_margaret_daniel"}
		send.Message.Text = "See you on Sunday!"
		ack, err := margaret.ChatMessageSend(ctx, send)
		if err != nil {
			t.Fatal(err)
		}
		if !ack.Success || ack.Data == nil || ack.Data.Chat.Id != "cht_margaret_daniel" || ack.Data.Message.Text == nil || *ack.Data.Message.Text != send.Message.Text {
			t.Errorf("ack = %+v", ack)
		}
		for {
			select {
			case f := <-daniel.Frames():
				if f.Action != wsmsg.ActionChatMessageNew {
					continue // e.g. a user.update push
				}
				push, ok := f.Value.(*models.WsChatMessageNew)
				if !ok || f.Err != nil {
					t.Fatalf("push = %T (%v)", f.Value, f.Err)
				}
				if push.Data.Chat.Id != "cht_margaret_daniel" || push.Data.Message.Id != ack.Data.Message.Id {
					t.Errorf("push = %+v, want the acknowledged message", push.Data)
				}
				return
			case <-time.After(5 * time.Second):
				t.Fatal("Daniel got no push")
			}
		}
	})

	t.Run("error frame", func(t *testing.T) {
		send := &models.WsChatMessageSend{ChatId: "cht_nobody"}
		send.Message.Text = "hello?"
		_, err := margaret.ChatMessageSend(ctx, send)
		var apiErr *client.APIError
		if !errors.As(err, &apiErr) || apiErr.Code == "" {
			t.Errorf("err = %v, want an *APIError with a code", err)
		}
	})

	t.Run("ping", func(t *testing.T) {
		r, err := margaret.Ping(ctx, &models.WsPing{})
		if err != nil || !r.Success {
			t.Errorf("ping = %+v, %v", r, err)
		}
	})
}
