package e2e_test

import (
	"context"
	"encoding/json"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/talkamie/contract/gen/wsmsg"
	"github.com/talkamie/contract/mock/world"
)

// rawSocket is a bare WebSocket to the living mock, for frames no client
// library would send.
type rawSocket struct {
	t  *testing.T
	ws *websocket.Conn
}

func dialRaw(t *testing.T, url string) *rawSocket {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	ws.SetReadLimit(1 << 20)
	t.Cleanup(func() { _ = ws.CloseNow() })
	return &rawSocket{t: t, ws: ws}
}

func (r *rawSocket) write(frame []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return r.ws.Write(ctx, websocket.MessageText, frame)
}

func (r *rawSocket) read() (map[string]any, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, data, err := r.ws.Read(ctx)
	if err != nil {
		return nil, err
	}
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		r.t.Fatalf("the mock sent a frame that is not a JSON object: %s", data)
	}
	return v, nil
}

// roundTrip sends a frame and returns the answer.
func (r *rawSocket) roundTrip(frame string) map[string]any {
	r.t.Helper()
	if err := r.write([]byte(frame)); err != nil {
		r.t.Fatalf("write %.60s: %v", frame, err)
	}
	v, err := r.read()
	if err != nil {
		r.t.Fatalf("no answer to %.60s: %v", frame, err)
	}
	return v
}

// Scenario 5: hostile frames leave the server and other connections healthy.
func TestLivingHostileFrames(t *testing.T) {
	lm := startLiving(t, world.WithSendQueue(16))
	healthy := lm.socket(t, "tok_daniel_access")
	baseline := runtime.NumGoroutine()

	t.Run("error frames keep the connection open", func(t *testing.T) {
		s := dialRaw(t, lm.ws)
		tests := []struct {
			name, frame, action, code string
		}{
			{"before authenticate", `{"action":"ping"}`, "ping", "unauthorized"},
			{"invalid JSON", `{"action":"authenticate",`, "error", "malformed-request"},
			{"not an object", `[1,2,3]`, "error", "malformed-request"},
			{"no action", `{"token":"tok_margaret_access"}`, "error", "malformed-request"},
			{"unknown action", `{"action":"launch-rocket"}`, "launch-rocket", "unknown-action"},
			{"server-only action", `{"action":"user.coins.low"}`, "user.coins.low", "unknown-action"},
			{"wrong token", `{"action":"authenticate","token":"tok_nobody"}`, "authenticate", "unauthorized"},
			{"authenticate", `{"action":"authenticate","token":"tok_margaret_access"}`, "authenticate", ""},
			{"schema violation", `{"action":"send-message","chatId":42}`, "send-message", "validation-failed"},
			{"extra field", `{"action":"ping","admin":true}`, "ping", "validation-failed"},
			{"someone else's chat", `{"action":"get-messages","chatId":"cht_nobody"}`, "get-messages", "not-found"},
			{"still alive", `{"action":"ping"}`, "ping", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got := s.roundTrip(tt.frame)
				if got["action"] != tt.action || (tt.code == "") != (got["success"] == true) || (tt.code != "" && got["error"] != tt.code) {
					t.Errorf("answer %v, want action %q error %q", got, tt.action, tt.code)
				}
				if tt.code != "" {
					if _, ok := got["message"].(string); !ok {
						t.Errorf("error frame without a message: %v", got)
					}
				}
			})
		}
	})

	t.Run("a 10 MB frame closes only that connection", func(t *testing.T) {
		s := dialRaw(t, lm.ws)
		_ = s.write([]byte(`{"action":"ping","x":"` + strings.Repeat("a", 10<<20) + `"}`))
		_, err := s.read()
		if status := websocket.CloseStatus(err); status != websocket.StatusMessageTooBig {
			t.Errorf("after a 10 MB frame: %v (status %d), want status 1009", err, status)
		}
	})

	t.Run("a flood from a client that does not read drops that client", func(t *testing.T) {
		s := dialRaw(t, lm.ws)
		s.roundTrip(`{"action":"authenticate","token":"tok_priya_access"}`)
		var err error
		for i := 0; i < 20000 && err == nil; i++ {
			err = s.write([]byte(`{"action":"ping"}`))
		}
		// Either the writes fail once the mock dropped the client, or the
		// mock closes it when it reads again.
		deadline := time.Now().Add(5 * time.Second)
		for err == nil && time.Now().Before(deadline) {
			_, err = s.read()
		}
		if err == nil {
			t.Error("the flooding client was never dropped")
		}
	})

	t.Run("the others are fine", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if _, err := healthy.Call(ctx, json.RawMessage(`{"action":"ping"}`)); err != nil {
			t.Fatalf("the healthy connection: %v", err)
		}
		resp, err := http.Get(lm.url + "/healthz")
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("healthz: %v %v", resp, err)
		}
		resp.Body.Close()
		// A push still reaches the healthy connection.
		req, _ := http.NewRequest(http.MethodPost, lm.url+"/__mock/emit", strings.NewReader(`{"userId":"usr_daniel","action":"user.coins.low"}`))
		resp, err = http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("emit: %v %v", resp, err)
		}
		resp.Body.Close()
		if f := expect(t, healthy, wsmsg.ActionUserCoinsLow); f.Err != nil {
			t.Error(f.Err)
		}
	})

	t.Run("goroutines come back", func(t *testing.T) {
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > baseline+2 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > baseline+2 {
			buf := make([]byte, 1<<16)
			t.Errorf("%d goroutines, %d before the hostile clients:\n%s", n, baseline, buf[:runtime.Stack(buf, true)])
		}
	})
}
