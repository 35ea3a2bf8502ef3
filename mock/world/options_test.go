package world_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/talkamie/contract/gen"
	"github.com/talkamie/contract/mock"
	"github.com/talkamie/contract/mock/world"
)

// TestWebSocketOptions checks that each WebSocket option reaches the
// connections the world accepts.
func TestWebSocketOptions(t *testing.T) {
	clock := time.Date(2030, 5, 6, 7, 8, 9, 0, time.UTC)
	tests := []struct {
		name   string
		opt    world.Option
		path   string // the socket's path ("/ws" when empty)
		origin string // the Origin header of the upgrade
		dialed int    // the HTTP status when the upgrade is refused
		frame  string // sent after authenticating
		closed int    // the close status expected after frame
		want   string // what the answer to frame holds
	}{
		{name: "frame limit", opt: world.WithFrameLimit(256), frame: `{"action":"ping","x":"` + strings.Repeat("a", 300) + `"}`,
			closed: int(websocket.StatusMessageTooBig)},
		{name: "idle timeout", opt: world.WithIdleTimeout(100 * time.Millisecond), closed: int(websocket.StatusPolicyViolation)},
		{name: "origin refused", opt: world.WithOriginPatterns("app.example"), origin: "https://evil.example", dialed: http.StatusForbidden},
		{name: "origin allowed", opt: world.WithOriginPatterns("app.example"), origin: "https://app.example",
			frame: `{"action":"ping"}`, want: `"action":"ping","statusCode":200`},
		{name: "socket path", opt: world.WithWebSocketPath("/socket/"), path: "/socket",
			frame: `{"action":"ping"}`, want: `"action":"ping","statusCode":200`},
		{name: "clock", opt: world.WithClock(func() time.Time { return clock }),
			frame: `{"action":"send-message","chatId":"cht_margaret_daniel","message":{"text":"on time"}}`,
			want:  `"timestamp":"2030-05-06T07:08:09.000Z"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := world.New(mock.Spec{OpenAPI: gen.OpenAPI, AsyncAPI: gen.AsyncAPI}, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(w)
			t.Cleanup(func() {
				w.Close()
				srv.Close()
			})
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			path := tt.path
			if path == "" {
				path = "/ws"
			}
			h := http.Header{}
			if tt.origin != "" {
				h.Set("Origin", tt.origin)
			}
			ws, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+path, &websocket.DialOptions{HTTPHeader: h})
			if tt.dialed != 0 {
				if err == nil {
					ws.CloseNow()
					t.Fatalf("the upgrade succeeded, want status %d", tt.dialed)
				}
				if resp == nil || resp.StatusCode != tt.dialed {
					t.Fatalf("upgrade: %v (response %v), want status %d", err, resp, tt.dialed)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer ws.CloseNow()
			if err := ws.Write(ctx, websocket.MessageText, []byte(`{"action":"authenticate","token":"`+margaret+`"}`)); err != nil {
				t.Fatal(err)
			}
			if _, data, err := ws.Read(ctx); err != nil || !strings.Contains(string(data), `"success":true`) {
				t.Fatalf("authenticate: %s %v", data, err)
			}
			if tt.frame != "" {
				if err := ws.Write(ctx, websocket.MessageText, []byte(tt.frame)); err != nil {
					t.Fatal(err)
				}
			}
			_, data, err := ws.Read(ctx)
			if tt.closed != 0 {
				if got := websocket.CloseStatus(err); int(got) != tt.closed {
					t.Fatalf("read: %s %v (close status %d), want close status %d", data, err, got, tt.closed)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), tt.want) {
				t.Errorf("answer %s lacks %s", data, tt.want)
			}
		})
	}
}
