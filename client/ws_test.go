package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/talkamie/contract/client"
	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/gen/wsmsg"
)

// fakeWS is a scripted WebSocket server: it authenticates tok_margaret_access,
// answers ping, acknowledges chat.message.send (an error frame for chat
// "cht_closed") and pushes a new-message frame after each send. Each
// connection can be cut after its first authentication.
type fakeWS struct {
	t        *testing.T
	dropOnce atomic.Bool // close the first connection right after authenticating
	mu       sync.Mutex
	conns    int
	actions  []string // actions received, in order, over every connection
	pings    []time.Time
}

func (f *fakeWS) received() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.actions...)
}

func (f *fakeWS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	conn, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	defer conn.CloseNow()
	f.mu.Lock()
	f.conns++
	n := f.conns
	f.mu.Unlock()
	ctx := r.Context()
	send := func(v any) {
		b, _ := json.Marshal(v)
		_ = conn.Write(ctx, websocket.MessageText, b)
	}
	for {
		_, data, err := conn.Read(ctx)
		if err != nil {
			return
		}
		var frame map[string]any
		if err := json.Unmarshal(data, &frame); err != nil {
			f.t.Errorf("client sent invalid json: %s", data)
			return
		}
		action, _ := frame["action"].(string)
		f.mu.Lock()
		f.actions = append(f.actions, action)
		if action == "ping" {
			f.pings = append(f.pings, time.Now())
		}
		f.mu.Unlock()
		canonical, _ := wsmsg.Canonical(action)
		switch string(canonical) {
		case "authenticate":
			if frame["token"] != "tok_margaret_access" {
				send(map[string]any{"action": "authenticate", "success": false, "statusCode": 401, "error": "unauthorized", "message": "unknown token"})
				continue
			}
			send(map[string]any{"action": "authenticate", "success": true, "data": map[string]any{"id": "usr_margaret", "name": "Margaret Hughes"}})
			if n == 1 && f.dropOnce.Load() {
				_ = conn.Close(websocket.StatusGoingAway, "server restart")
				return
			}
		case "ping":
			send(map[string]any{"action": "ping", "success": true, "statusCode": 200})
		case "chat.message.send":
			if frame["chatId"] == "cht_closed" {
				send(map[string]any{"action": "chat.message.send", "success": false, "statusCode": 409, "error": "conflict", "message": "the chat is not accepted",
					"details": []map[string]string{{"location": "body.chatId", "code": "not-accepted", "message": "the chat request is pending"}}})
				continue
			}
			msg := map[string]any{"id": "msg_0042", "text": "Hello Daniel", "timestamp": "2025-09-05T18:42:10.000Z", "type": "text", "sender": map[string]any{"id": "usr_margaret"}}
			send(map[string]any{"action": action, "success": true, "data": map[string]any{"chat": map[string]any{"id": frame["chatId"]}, "message": msg}})
			send(map[string]any{"action": "new-message", "success": true, "data": map[string]any{"chat": map[string]any{"id": frame["chatId"]}, "message": msg}})
		default:
			send(map[string]any{"action": action, "success": false, "statusCode": 400, "error": "unknown-action", "message": "unknown action"})
		}
	}
}

func startWS(t *testing.T, f *fakeWS) string {
	t.Helper()
	f.t = t
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http") + "/ws"
}

func dial(t *testing.T, url string, opts ...client.Option) *client.WSConn {
	t.Helper()
	ws, err := client.DialWS(t.Context(), url, append([]client.Option{client.WithToken("tok_margaret_access"), client.WithPingInterval(time.Hour, time.Hour)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ws.Close() })
	return ws
}

func TestWSAuthenticate(t *testing.T) {
	url := startWS(t, &fakeWS{})
	t.Run("accepted token", func(t *testing.T) {
		ws := dial(t, url)
		if u := ws.User(); u == nil || u.Id != "usr_margaret" {
			t.Errorf("User() = %+v, want usr_margaret", u)
		}
	})
	t.Run("refused token", func(t *testing.T) {
		_, err := client.DialWS(t.Context(), url, client.WithToken("tok_stolen"))
		if !errors.Is(err, client.ErrUnauthorized) {
			t.Errorf("err = %v, want ErrUnauthorized", err)
		}
		var apiErr *client.APIError
		if !errors.As(err, &apiErr) || apiErr.Code != "unauthorized" || apiErr.Operation != "authenticate" {
			t.Errorf("err = %#v", err)
		}
	})
	t.Run("no token", func(t *testing.T) {
		if _, err := client.DialWS(t.Context(), url); err == nil {
			t.Error("DialWS without a token succeeded")
		}
	})
}

func TestWSCall(t *testing.T) {
	url := startWS(t, &fakeWS{})
	ws := dial(t, url)
	ctx := t.Context()
	send := &models.WsChatMessageSend{ChatId: "cht_margaret_daniel"}
	send.Message.Text = "Hello Daniel"

	tests := []struct {
		name    string
		call    func() (any, error)
		check   func(t *testing.T, v any)
		wantErr error
	}{
		{
			name: "typed method",
			call: func() (any, error) { return ws.ChatMessageSend(ctx, send) },
			check: func(t *testing.T, v any) {
				r := v.(*models.WsChatMessageSendReply)
				if !r.Success || r.Data == nil || r.Data.Message.Id != "msg_0042" {
					t.Errorf("reply = %+v", r)
				}
			},
		},
		{
			name: "generic call with a value frame",
			call: func() (any, error) { return ws.Call(ctx, *send) },
			check: func(t *testing.T, v any) {
				if _, ok := v.(*models.WsChatMessageSendReply); !ok {
					t.Errorf("reply is a %T", v)
				}
			},
		},
		{
			name: "raw frame with an alias",
			call: func() (any, error) {
				return ws.Call(ctx, json.RawMessage(`{"action":"send-message","chatId":"cht_margaret_daniel","message":{"text":"hi"}}`))
			},
			check: func(t *testing.T, v any) {
				if _, ok := v.(*models.WsChatMessageSendReply); !ok {
					t.Errorf("reply is a %T", v)
				}
			},
		},
		{
			name: "error frame",
			call: func() (any, error) {
				f := *send
				f.ChatId = "cht_closed"
				return ws.ChatMessageSend(ctx, &f)
			},
			wantErr: client.ErrConflict,
		},
		{name: "action without reply", call: func() (any, error) { return ws.Call(ctx, &models.WsCallSignal{ChatId: "cht_margaret_daniel"}) }, wantErr: client.ErrNoReply},
		{name: "not a client frame", call: func() (any, error) { return ws.Call(ctx, &models.WsChatMessageNew{}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := tt.call()
			switch {
			case tt.check != nil:
				if err != nil {
					t.Fatal(err)
				}
				tt.check(t, v)
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("err = %v, want %v", err, tt.wantErr)
				}
			default:
				if err == nil {
					t.Error("no error")
				}
			}
		})
	}
	t.Run("error frame details", func(t *testing.T) {
		f := *send
		f.ChatId = "cht_closed"
		_, err := ws.ChatMessageSend(ctx, &f)
		var apiErr *client.APIError
		if !errors.As(err, &apiErr) || len(apiErr.Details) != 1 || apiErr.Details[0].Location != "body.chatId" || apiErr.StatusCode != 409 {
			t.Errorf("err = %#v", err)
		}
	})
}

func TestWSPushes(t *testing.T) {
	url := startWS(t, &fakeWS{})
	ws := dial(t, url)
	send := &models.WsChatMessageSend{ChatId: "cht_margaret_daniel"}
	send.Message.Text = "Hello Daniel"
	if err := ws.Send(t.Context(), send); err != nil {
		t.Fatal(err)
	}
	// Sent without Call, the ack arrives on Frames too, before the push.
	want := []wsmsg.Action{wsmsg.ActionChatMessageSend, wsmsg.ActionChatMessageNew}
	for i, a := range want {
		select {
		case f := <-ws.Frames():
			if f.Action != a || f.Err != nil {
				t.Errorf("frame %d: action %q (err %v), want %q", i, f.Action, f.Err, a)
			}
			if a == wsmsg.ActionChatMessageNew {
				push, ok := f.Value.(*models.WsChatMessageNew)
				if !ok || f.Name != "new-message" || push.Data.Message.Id != "msg_0042" {
					t.Errorf("push = %T %+v (name %q)", f.Value, f.Value, f.Name)
				}
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no frame %d", i)
		}
	}
}

func TestWSPingTimer(t *testing.T) {
	f := &fakeWS{}
	url := startWS(t, f)
	start := time.Now()
	ws := dial(t, url, client.WithPingInterval(30*time.Millisecond, 20*time.Millisecond))
	deadline := time.Now().Add(5 * time.Second)
	for {
		f.mu.Lock()
		n := len(f.pings)
		first := time.Time{}
		if n > 0 {
			first = f.pings[0]
		}
		f.mu.Unlock()
		if n >= 3 {
			if d := first.Sub(start); d < 30*time.Millisecond {
				t.Errorf("first ping after %v, want at least 30ms", d)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d pings after 5 s", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got := f.received()[0]; got != "authenticate" {
		t.Errorf("first frame %q, want authenticate", got)
	}
	_ = ws
}

func TestWSReconnect(t *testing.T) {
	f := &fakeWS{}
	f.dropOnce.Store(true)
	url := startWS(t, f)
	var auths atomic.Int32
	ws := dial(t, url,
		client.WithReconnect(true, 10*time.Millisecond, 50*time.Millisecond),
		client.WithOnAuthenticated(func(*models.FullUser) { auths.Add(1) }))
	send := &models.WsChatMessageSend{ChatId: "cht_margaret_daniel"}
	send.Message.Text = "after the restart"
	// The first connection is cut right after authentication; Call waits for the
	// new one (or, if it wrote on the dying one, fails with ErrDisconnected).
	var err error
	for range 10 {
		if _, err = ws.ChatMessageSend(t.Context(), send); !errors.Is(err, client.ErrDisconnected) {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	if n := auths.Load(); n != 2 {
		t.Errorf("authenticated %d times, want 2", n)
	}
	if got := strings.Join(f.received()[:2], ","); got != "authenticate,authenticate" {
		t.Errorf("frames = %s, want two authenticates first", got)
	}
	f.mu.Lock()
	conns := f.conns
	f.mu.Unlock()
	if conns != 2 {
		t.Errorf("%d connections, want 2", conns)
	}
}

func TestWSClose(t *testing.T) {
	url := startWS(t, &fakeWS{})
	ws := dial(t, url)
	if err := ws.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ws.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("Done not closed")
	}
	if _, ok := <-ws.Frames(); ok {
		t.Error("Frames still open")
	}
	if _, err := ws.Ping(context.Background(), &models.WsPing{}); !errors.Is(err, client.ErrClosed) {
		t.Errorf("Ping after Close: %v, want ErrClosed", err)
	}
	if !errors.Is(ws.Err(), client.ErrClosed) {
		t.Errorf("Err() = %v", ws.Err())
	}
}

func TestWSNoReconnect(t *testing.T) {
	f := &fakeWS{}
	f.dropOnce.Store(true)
	url := startWS(t, f)
	ws := dial(t, url, client.WithReconnect(false, 0, 0))
	select {
	case <-ws.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("Done not closed after the server closed the connection")
	}
	if !errors.Is(ws.Err(), client.ErrClosed) {
		t.Errorf("Err() = %v, want ErrClosed", ws.Err())
	}
}
