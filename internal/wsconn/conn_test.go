package wsconn

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// records is a slog handler that keeps every record, for assertions on logs.
type records struct {
	mu   sync.Mutex
	list []slog.Record
}

func (r *records) Enabled(context.Context, slog.Level) bool { return true }
func (r *records) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.list = append(r.list, rec.Clone())
	return nil
}
func (r *records) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *records) WithGroup(string) slog.Handler      { return r }

func (r *records) frames(dir string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, rec := range r.list {
		if rec.Message != "ws frame" {
			continue
		}
		rec.Attrs(func(a slog.Attr) bool {
			if a.Key == "dir" && a.Value.String() == dir {
				n++
			}
			return true
		})
	}
	return n
}

// serve starts an httptest server whose handler accepts with cfg and serves h.
func serve(t *testing.T, cfg Config, h Handler, done chan<- *Conn) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := Accept(w, r, cfg)
		switch {
		case errors.Is(err, ErrNotWebSocket):
			http.Error(w, "upgrade required", http.StatusUpgradeRequired)
			return
		case errors.Is(err, ErrForbiddenOrigin):
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		case err != nil:
			return
		}
		c.Serve(r.Context(), h)
		if done != nil {
			done <- c
		}
	}))
	// Short server timeouts: a WebSocket must outlive them (Accept clears them).
	srv.Config.ReadTimeout = 150 * time.Millisecond
	srv.Config.WriteTimeout = 150 * time.Millisecond
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

func dial(t *testing.T, srv *httptest.Server) *websocket.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { _ = ws.CloseNow() })
	return ws
}

func echoHandler(_ context.Context, c *Conn, frame []byte) []slog.Attr {
	c.Send(append([]byte("echo:"), frame...), slog.String("action", "echo"))
	return []slog.Attr{slog.String("action", "echo")}
}

func TestServeEchoesAndOutlivesServerTimeouts(t *testing.T) {
	logs := &records{}
	done := make(chan *Conn, 1)
	srv := serve(t, Config{Logger: slog.New(logs)}, echoHandler, done)
	ws := dial(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for i, msg := range []string{"one", "two", "three"} {
		if i == 1 {
			time.Sleep(400 * time.Millisecond) // past the server's read and write timeouts
		}
		if err := ws.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
			t.Fatalf("write %q: %v", msg, err)
		}
		_, got, err := ws.Read(ctx)
		if err != nil {
			t.Fatalf("read after %q: %v", msg, err)
		}
		if string(got) != "echo:"+msg {
			t.Fatalf("got %q, want %q", got, "echo:"+msg)
		}
	}
	_ = ws.Close(websocket.StatusNormalClosure, "")
	<-done
	if in, out := logs.frames("in"), logs.frames("out"); in != 3 || out != 3 {
		t.Errorf("logged %d in and %d out frames, want 3 and 3", in, out)
	}
}

func TestServeCloses(t *testing.T) {
	tests := []struct {
		name   string
		cfg    Config
		send   []byte
		typ    websocket.MessageType
		status websocket.StatusCode
	}{
		{name: "idle", cfg: Config{IdleTimeout: 100 * time.Millisecond}, status: websocket.StatusPolicyViolation},
		{name: "frame too large", cfg: Config{MaxFrameBytes: 16}, send: []byte(strings.Repeat("x", 17)), typ: websocket.MessageText, status: websocket.StatusMessageTooBig},
		{name: "binary frame", send: []byte{1, 2, 3}, typ: websocket.MessageBinary, status: websocket.StatusUnsupportedData},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan *Conn, 1)
			srv := serve(t, tt.cfg, echoHandler, done)
			ws := dial(t, srv)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if tt.send != nil {
				if err := ws.Write(ctx, tt.typ, tt.send); err != nil {
					t.Fatalf("write: %v", err)
				}
			}
			_, _, err := ws.Read(ctx)
			if got := websocket.CloseStatus(err); got != tt.status {
				t.Fatalf("close status %v (%v), want %v", got, err, tt.status)
			}
			select {
			case <-done:
			case <-ctx.Done():
				t.Fatal("Serve did not return")
			}
		})
	}
}

func TestSlowConsumerIsDropped(t *testing.T) {
	big := []byte(strings.Repeat("x", 256<<10))
	result := make(chan bool, 1)
	h := func(_ context.Context, c *Conn, _ []byte) []slog.Attr {
		// The client never reads: sockets fill up, then the queue does.
		for range 1024 {
			if !c.Send(big) {
				result <- true
				return nil
			}
		}
		result <- false
		return nil
	}
	done := make(chan *Conn, 1)
	srv := serve(t, Config{SendQueue: 2}, h, done)
	ws := dial(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := ws.Write(ctx, websocket.MessageText, []byte("flood me")); err != nil {
		t.Fatalf("write: %v", err)
	}
	if !<-result {
		t.Fatal("Send never reported a full queue")
	}
	select {
	case c := <-done:
		if c.Send([]byte("late")) {
			t.Error("Send on a dropped connection reported success")
		}
	case <-ctx.Done():
		t.Fatal("the slow consumer's Serve did not return")
	}
}

func TestServeStopsWhenContextIsDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := Accept(w, r, Config{})
		if err != nil {
			return
		}
		c.Serve(ctx, echoHandler)
		close(done)
	}))
	defer srv.Close()
	ws := dial(t, srv)
	cancel()
	rctx, rcancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer rcancel()
	_, _, err := ws.Read(rctx)
	if got := websocket.CloseStatus(err); got != websocket.StatusGoingAway {
		t.Fatalf("close status %v (%v), want going away", got, err)
	}
	<-done
}

func TestAcceptRefuses(t *testing.T) {
	tests := []struct {
		name    string
		headers map[string]string
		want    error
	}{
		{name: "plain GET", want: ErrNotWebSocket},
		{name: "foreign origin", headers: map[string]string{"Connection": "Upgrade", "Upgrade": "websocket", "Origin": "https://evil.example"}, want: ErrForbiddenOrigin},
		{name: "bad origin", headers: map[string]string{"Connection": "keep-alive, Upgrade", "Upgrade": "websocket", "Origin": "::"}, want: ErrForbiddenOrigin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "http://api.talkamie.com/ws", nil)
			for k, v := range tt.headers {
				r.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			_, err := Accept(w, r, Config{OriginPatterns: []string{"app.talkamie.com"}})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if w.Body.Len() != 0 || w.Code != http.StatusOK {
				t.Errorf("Accept wrote a response: %d %q", w.Code, w.Body)
			}
		})
	}
}

func TestCheckOrigin(t *testing.T) {
	patterns := []string{"app.talkamie.com", "*.preview.talkamie.com", "https://secure.talkamie.com"}
	tests := []struct {
		origin string
		ok     bool
	}{
		{"", true},
		{"https://api.talkamie.com", true}, // the request's own host
		{"https://app.talkamie.com", true},
		{"https://APP.talkamie.com", true},
		{"https://pr-12.preview.talkamie.com", true},
		{"https://secure.talkamie.com", true},
		{"http://secure.talkamie.com", false},
		{"https://evil.example", false},
		{"null", false},
	}
	for _, tt := range tests {
		t.Run(tt.origin, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "http://api.talkamie.com/ws", nil)
			if tt.origin != "" {
				r.Header.Set("Origin", tt.origin)
			}
			if err := CheckOrigin(r, patterns); (err == nil) != tt.ok {
				t.Fatalf("CheckOrigin(%q) = %v, want ok=%v", tt.origin, err, tt.ok)
			}
		})
	}
}
