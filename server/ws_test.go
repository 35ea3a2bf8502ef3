package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/gen/wsmsg"
	"github.com/talkamie/contract/isotime"
	"github.com/talkamie/contract/server"
)

// chatHandler answers chat.message.send and pushes chat.message.new to the
// other participant of the one chat it knows.
type chatHandler struct {
	wsmsg.UnimplementedHandler
	hub *server.Hub
}

func (h chatHandler) ChatMessageSend(ctx context.Context, f *models.WsChatMessageSend) (*models.WsChatMessageSendReply, error) {
	p, _ := server.PrincipalFrom(ctx)
	if f.ChatId != "cht_margaret_daniel" {
		return nil, server.NewError(http.StatusNotFound, "not-found", "nothing was found with that id")
	}
	text := f.Message.Text
	at := isotime.MustParse("2025-09-05T18:42:10.000Z")
	msg := models.BasicChatMessage{Id: "msg_0003", Text: &text, Timestamp: &at, Sender: &models.BasicUser{Id: p.UserID}}
	other := "usr_daniel"
	if p.UserID == "usr_daniel" {
		other = "usr_margaret"
	}
	push := &models.WsChatMessageNew{Action: models.WsChatMessageNewActionChatMessageNew, Success: models.WsChatMessageNewSuccessTrue}
	push.Data = models.WsChatMessageNewData{Chat: models.ChatRef{Id: f.ChatId}, Message: msg}
	if _, err := h.hub.Push(other, push); err != nil {
		return nil, err
	}
	ack := &models.WsChatMessageSendReplyData{Chat: models.ChatRef{Id: f.ChatId}, Message: msg}
	return &models.WsChatMessageSendReply{Action: models.WsChatMessageSendReplyActionChatMessageSend, Success: true, Data: ack}, nil
}

func wsServer(t *testing.T, opts ...server.Option) (*httptest.Server, *server.Hub) {
	t.Helper()
	hub := server.NewHub()
	e, _ := newServer(t, append([]server.Option{
		server.WithWebSocket(chatHandler{hub: hub}, server.WebSocketConfig{OriginPatterns: []string{"app.talkamie.com"}}),
		server.WithHub(hub),
	}, opts...)...)
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv, hub
}

type client struct {
	t  *testing.T
	ws *websocket.Conn
}

func dialWS(t *testing.T, srv *httptest.Server) *client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/ws", nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { _ = ws.CloseNow() })
	return &client{t: t, ws: ws}
}

func (c *client) send(frame string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.ws.Write(ctx, websocket.MessageText, []byte(frame)); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

func (c *client) read() map[string]any {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, data, err := c.ws.Read(ctx)
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		c.t.Fatalf("frame is not JSON: %s", data)
	}
	return m
}

func (c *client) roundTrip(frame string) map[string]any {
	c.t.Helper()
	c.send(frame)
	return c.read()
}

func TestWebSocketFrames(t *testing.T) {
	srv, _ := wsServer(t)
	c := dialWS(t, srv)
	steps := []struct {
		name   string
		frame  string
		action string
		ok     bool
		code   string
		detail string // a location expected among the details
	}{
		{name: "frames before authenticate are refused", frame: `{"action":"ping"}`, action: "ping", code: "unauthorized"},
		{name: "not json", frame: `{"action":`, action: "error", code: "malformed-request", detail: "body"},
		{name: "not an object", frame: `[1,2]`, action: "error", code: "malformed-request", detail: "body"},
		{name: "no action", frame: `{"chatId":"x"}`, action: "error", code: "malformed-request", detail: "body.action"},
		{name: "unknown action", frame: `{"action":"launch-rocket"}`, action: "launch-rocket", code: "unknown-action", detail: "body.action"},
		{name: "server action sent by a client", frame: `{"action":"new-message"}`, action: "new-message", code: "unknown-action", detail: "body.action"},
		{name: "bearer undefined", frame: `{"action":"authenticate","token":"undefined"}`, action: "authenticate", code: "unauthorized", detail: "body.token"},
		{name: "unknown token", frame: `{"action":"authenticate","token":"tok_forged"}`, action: "authenticate", code: "unauthorized", detail: "body.token"},
		{name: "case-variant duplicate key", frame: `{"action":"authenticate","token":"tok_forged","Token":"tok_margaret_access"}`, action: "authenticate", code: "validation-failed", detail: "body.Token"},
		{name: "authenticate", frame: `{"action":"authenticate","token":"tok_margaret_access"}`, action: "authenticate", ok: true},
		{name: "ping", frame: `{"action":"ping"}`, action: "ping", ok: true},
		{name: "invalid frame", frame: `{"action":"send-message","chatId":"cht_margaret_daniel","message":{"txt":"hi"}}`, action: "send-message", code: "validation-failed", detail: "body.message.txt"},
		{name: "typed error from the handler", frame: `{"action":"send-message","chatId":"cht_nowhere","message":{"text":"hi"}}`, action: "send-message", code: "not-found"},
		{name: "unimplemented action", frame: `{"action":"get-messages","chatId":"cht_margaret_daniel","pageSize":4}`, action: "get-messages", code: "not-implemented"},
		{name: "round integers reach the handler intact", frame: `{"action":"call-connected","callId":"cal_0001","timestamp":1757257210000}`, action: "call-connected", code: "not-implemented"},
		{name: "alias answered in the alias", frame: `{"action":"send-message","chatId":"cht_margaret_daniel","message":{"text":"Lovely to hear from you"}}`, action: "send-message", ok: true},
		{name: "canonical answered canonically", frame: `{"action":"chat.message.send","chatId":"cht_margaret_daniel","message":{"text":"Same again"}}`, action: "chat.message.send", ok: true},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			c.t = t
			got := c.roundTrip(st.frame)
			if got["action"] != st.action {
				t.Errorf("action %v, want %q", got["action"], st.action)
			}
			if got["success"] != st.ok {
				t.Fatalf("success %v, want %v: %v", got["success"], st.ok, got)
			}
			if st.ok {
				return
			}
			if got["error"] != st.code || got["message"] == "" {
				t.Errorf("error %v, want %q: %v", got["error"], st.code, got)
			}
			if st.detail != "" && !hasDetail(got, st.detail) {
				t.Errorf("no detail at %s: %v", st.detail, got["details"])
			}
		})
	}
}

func hasDetail(frame map[string]any, location string) bool {
	ds, _ := frame["details"].([]any)
	for _, d := range ds {
		if m, _ := d.(map[string]any); m["location"] == location {
			return true
		}
	}
	return false
}

func TestWebSocketPushUsesEachConnectionsNaming(t *testing.T) {
	srv, hub := wsServer(t)
	margaret := dialWS(t, srv)
	daniel := dialWS(t, srv)    // the web client: aliases
	danielBot := dialWS(t, srv) // a tool: canonical names
	for _, c := range []*client{margaret, daniel, danielBot} {
		c.send(`{"action":"authenticate","token":"` + map[*client]string{margaret: "tok_margaret_access", daniel: "tok_daniel_access", danielBot: "tok_daniel_access"}[c] + `"}`)
		if got := c.read(); got["success"] != true {
			t.Fatalf("authenticate: %v", got)
		}
	}
	danielBot.send(`{"action":"chat.messages.get","chatId":"cht_margaret_daniel"}`) // shows its naming (answered 501)
	danielBot.read()
	if n := hub.Connections("usr_daniel"); n != 2 {
		t.Fatalf("Daniel has %d connections, want 2", n)
	}

	margaret.send(`{"action":"send-message","chatId":"cht_margaret_daniel","message":{"text":"Hello Daniel"}}`)
	ack := margaret.read()
	if ack["action"] != "send-message" || ack["success"] != true {
		t.Fatalf("ack %v", ack)
	}
	tests := []struct {
		name   string
		c      *client
		action string
	}{
		{"web client", daniel, "new-message"},
		{"canonical client", danielBot, "chat.message.new"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.c.t = t
			got := tt.c.read()
			data, _ := got["data"].(map[string]any)
			msg, _ := data["message"].(map[string]any)
			if got["action"] != tt.action || got["success"] != true || msg["text"] != "Hello Daniel" {
				t.Fatalf("push %v", got)
			}
		})
	}
}

func TestHubPushRefusesBadFrames(t *testing.T) {
	_, hub := wsServer(t)
	tests := []struct {
		name  string
		frame any
	}{
		{name: "client frame", frame: &models.WsPing{Action: "ping"}},
		{name: "unknown action", frame: map[string]any{"action": "rocket", "success": true}},
		{name: "not an object", frame: []int{1}},
		{name: "breaks the schema", frame: &models.WsUserUpdate{Action: models.WsUserUpdateActionUserUpdate, Success: false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := hub.Push("usr_margaret", tt.frame); !errors.Is(err, server.ErrInvalidFrame) {
				t.Fatalf("err = %v, want ErrInvalidFrame", err)
			}
		})
	}
}

func TestWebSocketUpgradeRefused(t *testing.T) {
	srv, _ := wsServer(t)
	tests := []struct {
		name    string
		headers map[string]string
		status  int
		code    string
	}{
		{name: "plain GET", status: http.StatusUpgradeRequired, code: "upgrade-required"},
		{name: "foreign origin", headers: map[string]string{"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Origin": "https://evil.example"}, status: http.StatusForbidden, code: "forbidden-origin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/ws", nil)
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var env map[string]any
			_ = json.NewDecoder(resp.Body).Decode(&env)
			if resp.StatusCode != tt.status || env["error"] != tt.code {
				t.Fatalf("%d %v, want %d %s", resp.StatusCode, env, tt.status, tt.code)
			}
		})
	}
	// The web app's origin is allowed.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/ws", &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {"https://app.talkamie.com"}}})
	if err != nil {
		t.Fatalf("allowed origin refused: %v", err)
	}
	_ = ws.CloseNow()
}

func TestListenAndServeShutsDownGracefully(t *testing.T) {
	hub := server.NewHub()
	e, _ := newServer(t, server.WithWebSocket(chatHandler{hub: hub}, server.WebSocketConfig{}), server.WithHub(hub))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- server.Serve(ctx, ln, e, server.WithHub(hub), server.WithTimeouts(server.Timeouts{Read: 200 * time.Millisecond, Write: 200 * time.Millisecond, Shutdown: 5 * time.Second}))
	}()
	base := "http://" + ln.Addr().String()
	c := dialWS(t, &httptest.Server{URL: base})
	time.Sleep(300 * time.Millisecond) // past the read and write timeouts
	if got := c.roundTrip(`{"action":"authenticate","token":"tok_daniel_access"}`); got["success"] != true {
		t.Fatalf("authenticate after the server timeouts: %v", got)
	}
	resp, err := http.Get(base + "/v1/alerts")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("REST status %d", resp.StatusCode)
	}

	cancel()
	rctx, rcancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer rcancel()
	if _, _, err := c.ws.Read(rctx); websocket.CloseStatus(err) != websocket.StatusGoingAway {
		t.Errorf("the WebSocket was not closed as going away: %v", err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-rctx.Done():
		t.Fatal("Serve did not return")
	}
	if _, err := http.Get(base + "/v1/alerts"); err == nil {
		t.Error("the server still answers after shutdown")
	}
}
