package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/coder/websocket"

	"github.com/talkamie/contract/client"
	"github.com/talkamie/contract/gen/models"
)

// exampleAPI stands in for the Talkamie API: GET /v1/user/usr_daniel answers
// Daniel, any other user is not found.
func exampleAPI() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Header.Get("Authorization") != "Bearer tok_margaret_access" {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"success":false,"error":"unauthorized","message":"missing bearer token"}`)
			return
		}
		if r.URL.Path == "/v1/user/usr_daniel" {
			_, _ = io.WriteString(w, `{"success":true,"data":{"id":"usr_daniel","name":"Daniel Okafor","type":"volunteer"}}`)
			return
		}
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"success":false,"error":"not-found","message":"no such user"}`)
	}))
}

func ExampleNew() {
	srv := exampleAPI()
	defer srv.Close()

	c, err := client.New(srv.URL+"/v1",
		client.WithToken("tok_margaret_access"),
		client.WithTimezoneOffset(-60),
		client.WithRetries(2, 100*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	daniel, err := c.GetUser(ctx, "usr_daniel")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(*daniel.Name, *daniel.Type)

	_, err = c.GetUser(ctx, "usr_nobody")
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code, errors.Is(err, client.ErrNotFound))
	}
	// Output:
	// Daniel Okafor volunteer
	// 404 not-found true
}

// exampleWS stands in for the WebSocket channel: it authenticates Margaret,
// acknowledges chat.message.send and answers ping.
func exampleWS() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer conn.CloseNow()
		for {
			_, data, err := conn.Read(r.Context())
			if err != nil {
				return
			}
			var f struct{ Action, ChatId string }
			_ = json.Unmarshal(data, &f)
			var out string
			switch f.Action {
			case "authenticate":
				out = `{"action":"authenticate","success":true,"data":{"id":"usr_margaret","name":"Margaret Hughes"}}`
			case "ping":
				out = `{"action":"ping","success":true}`
			case "chat.message.send":
				out = `{"action":"chat.message.send","success":true,"data":{"chat":{"id":"` + f.ChatId + `"},"message":{"id":"msg_0042","text":"Hello Daniel","timestamp":"2025-09-05T18:42:10.000Z","type":"text","sender":{"id":"usr_margaret"}}}}`
			}
			_ = conn.Write(r.Context(), websocket.MessageText, []byte(out))
		}
	}))
}

func ExampleDialWS() {
	srv := exampleWS()
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/ws"

	ctx := context.Background()
	ws, err := client.DialWS(ctx, url, client.WithToken("tok_margaret_access"))
	if err != nil {
		log.Fatal(err)
	}
	defer ws.Close()
	fmt.Println("signed in as", *ws.User().Name)

	send := &models.WsChatMessageSend{ChatId: "cht_margaret_daniel"}
	send.Message.Text = "Hello Daniel"
	reply, err := ws.ChatMessageSend(ctx, send)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("sent", reply.Data.Message.Id, "in", reply.Data.Chat.Id)
	// Output:
	// signed in as Margaret Hughes
	// sent msg_0042 in cht_margaret_daniel
}
