package e2e_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/talkamie/contract/client"
	"github.com/talkamie/contract/gen"
	"github.com/talkamie/contract/gen/wsmsg"
	"github.com/talkamie/contract/mock"
	"github.com/talkamie/contract/mock/world"
)

// livingMock serves the stateful mock over real loopback sockets.
type livingMock struct {
	url   string // http://127.0.0.1:port, without /v1
	ws    string // ws://127.0.0.1:port/ws
	world *world.World
}

func startLiving(t *testing.T, opts ...world.Option) *livingMock {
	t.Helper()
	w, err := world.New(mock.Spec{OpenAPI: gen.OpenAPI, AsyncAPI: gen.AsyncAPI}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w)
	t.Cleanup(func() {
		w.Close()
		srv.Close()
	})
	return &livingMock{url: srv.URL, ws: "ws" + strings.TrimPrefix(srv.URL, "http") + "/ws", world: w}
}

// rest returns a REST client of the living mock signed in with token ("" for none).
func (lm *livingMock) rest(t *testing.T, token string) *client.Client {
	t.Helper()
	var opts []client.Option
	if token != "" {
		opts = append(opts, client.WithToken(token))
	}
	c, err := client.New(lm.url+"/v1", opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// socket dials the WebSocket channel and authenticates with token.
func (lm *livingMock) socket(t *testing.T, token string) *client.WSConn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := client.DialWS(ctx, lm.ws, client.WithToken(token), client.WithReconnect(false, 0, 0),
		client.WithPingInterval(0, 0), client.WithCallTimeout(5*time.Second), client.WithFrameBuffer(256))
	if err != nil {
		t.Fatalf("dial as %s: %v", token, err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// call sends a raw client frame and waits for its reply.
func call[R any](t *testing.T, c *client.WSConn, frame string) *R {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	v, err := c.Call(ctx, json.RawMessage(frame))
	if err != nil {
		t.Fatalf("%s: %v", frame, err)
	}
	r, ok := v.(*R)
	if !ok {
		t.Fatalf("%s: reply %T, want %T", frame, v, new(R))
	}
	return r
}

// send sends a raw client frame without waiting.
func send(t *testing.T, c *client.WSConn, frame string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.Send(ctx, json.RawMessage(frame)); err != nil {
		t.Fatalf("%s: %v", frame, err)
	}
}

// expect waits for the next frame of an action (a push, or the reply to a
// Send), failing on a frame that does not decode as the contract's message.
func expect(t *testing.T, c *client.WSConn, action wsmsg.Action) client.Frame {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case f, ok := <-c.Frames():
			if !ok {
				t.Fatalf("the connection closed while waiting for %s", action)
			}
			if f.Err != nil {
				t.Fatalf("waiting for %s: frame %s: %v", action, f.Raw, f.Err)
			}
			if f.Action == action {
				return f
			}
		case <-timeout:
			t.Fatalf("no %s frame within 5 s", action)
		}
	}
}

// at reads the value at a dotted path of a JSON document ("data.call.status").
func at(t *testing.T, raw []byte, path string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	for _, part := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[part]
	}
	return v
}

// jsonOf encodes v.
func jsonOf(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// quiet checks that no frame of action arrives within d.
func quiet(t *testing.T, c *client.WSConn, action wsmsg.Action, d time.Duration) {
	t.Helper()
	timeout := time.After(d)
	for {
		select {
		case f, ok := <-c.Frames():
			if !ok {
				return
			}
			if f.Action == action {
				t.Errorf("unexpected %s frame: %s", action, f.Raw)
			}
		case <-timeout:
			return
		}
	}
}
