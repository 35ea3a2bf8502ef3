package e2e_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/talkamie/contract/client"
	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/server"
	"github.com/talkamie/contract/server/example"
)

// Example_client calls the example server through package client: REST with
// Margaret's token, then the WebSocket, where Daniel receives the message
// Margaret sends.
func Example_client() {
	hub := server.NewHub()
	api := example.New(hub)
	e, err := server.New(api, server.WithAuthenticator(api), server.WithHub(hub),
		server.WithWebSocket(api.Handler(), server.WebSocketConfig{}))
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := httptest.NewServer(e)
	defer srv.Close()
	ctx := context.Background()

	c, err := client.New(srv.URL+"/v1", client.WithToken("tok_margaret_access"), client.WithTimezoneOffset(-60))
	if err != nil {
		fmt.Println(err)
		return
	}
	me, err := c.GetUserByToken(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("signed in:", *me.User.Name)
	for chat, err := range c.Chats(ctx, nil) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("chat:", chat.Id)
	}
	_, err = c.ListAlerts(ctx, nil)
	fmt.Println("alerts:", errors.Is(err, client.ErrNotImplemented))

	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/ws"
	margaret, err := client.DialWS(ctx, url, client.WithToken("tok_margaret_access"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer margaret.Close()
	daniel, err := client.DialWS(ctx, url, client.WithToken("tok_daniel_access"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer daniel.Close()

	send := &models.WsChatMessageSend{ChatId: "cht_margaret_daniel"}
	send.Message.Text = "See you on Sunday!"
	if _, err := margaret.ChatMessageSend(ctx, send); err != nil {
		fmt.Println(err)
		return
	}
	push := (<-daniel.Frames()).Value.(*models.WsChatMessageNew)
	fmt.Println("Daniel got:", *push.Data.Message.Text)
	// Output:
	// signed in: Margaret Hughes
	// chat: cht_margaret_daniel
	// chat: cht_margaret_priya
	// alerts: true
	// Daniel got: See you on Sunday!
}
