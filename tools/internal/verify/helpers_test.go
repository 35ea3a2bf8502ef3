package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coder/websocket"

	"github.com/talkamie/contract/gen"
	"github.com/talkamie/contract/mock"
)

// talkamie is the embedded Talkamie bundle.
func talkamie() Spec { return Spec{OpenAPI: gen.OpenAPI, AsyncAPI: gen.AsyncAPI} }

// pets is the small test contract with x-verify extensions.
func pets(t testing.TB) Spec {
	t.Helper()
	var s Spec
	var err error
	if s.OpenAPI, err = os.ReadFile(filepath.Join("testdata", "pets", "openapi.yaml")); err != nil {
		t.Fatal(err)
	}
	if s.AsyncAPI, err = os.ReadFile(filepath.Join("testdata", "pets", "asyncapi.yaml")); err != nil {
		t.Fatal(err)
	}
	return s
}

// newMock returns the validating mock of spec.
func newMock(t testing.TB, spec Spec) *mock.Mock {
	t.Helper()
	m, err := mock.New(mock.Spec{OpenAPI: spec.OpenAPI, AsyncAPI: spec.AsyncAPI})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// rewrite wraps h; edit may change the status and body of each answer.
func rewrite(h http.Handler, edit func(r *http.Request, status int, body []byte) (int, []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		status, body := edit(r, rec.Code, rec.Body.Bytes())
		for k, vs := range rec.Header() {
			w.Header()[k] = vs
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	})
}

// setJSON sets the value at a dotted path ("data.user.id") of a JSON document.
func setJSON(t testing.TB, body []byte, path string, value any) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("setJSON: %v in %s", err, body)
	}
	keys := strings.Split(path, ".")
	m := doc
	for _, k := range keys[:len(keys)-1] {
		next, ok := m[k].(map[string]any)
		if !ok {
			t.Fatalf("setJSON: no object at %q in %s", k, body)
		}
		m = next
	}
	m[keys[len(keys)-1]] = value
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// wsBehavior configures replayWS.
type wsBehavior struct {
	// token is the only token authentication accepts.
	token string
	// noReply lists canonical actions the server never answers.
	noReply map[string]bool
	// editReply changes the reply to an action before it is sent.
	editReply func(action string, frame map[string]any)
	// pushes are sent after a successful authentication.
	pushes []string
}

// replayWS is a WebSocket server that answers every client frame with the first
// example of its declared reply, in the naming the frame used, as a correct
// implementation of the AsyncAPI document would. b makes it misbehave.
func replayWS(t testing.TB, asyncDoc []byte, b wsBehavior) http.Handler {
	t.Helper()
	api, err := loadAsyncAPI(asyncDoc)
	if err != nil {
		t.Fatal(err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer conn.CloseNow()
		ctx := r.Context()
		for {
			_, data, err := conn.Read(ctx)
			if err != nil {
				return
			}
			var frame map[string]any
			if json.Unmarshal(data, &frame) != nil {
				continue
			}
			name, _ := frame["action"].(string)
			action := api.canonical[name]
			var msg *wsMessage
			for _, m := range api.client {
				if m.action == action {
					msg = m
				}
			}
			if msg == nil || len(msg.replies) == 0 || b.noReply[action] {
				continue
			}
			reply := maps.Clone(msg.replies[0].examples[0].payload)
			reply["action"] = name
			authOK := true
			if msg == api.auth && frame[api.authField] != b.token {
				authOK = false
				reply = map[string]any{"action": name, "success": false, "ok": false, "message": "unknown token"}
			}
			if b.editReply != nil {
				b.editReply(action, reply)
			}
			out, _ := json.Marshal(reply)
			if conn.Write(ctx, websocket.MessageText, out) != nil {
				return
			}
			if msg == api.auth && authOK {
				for _, p := range b.pushes {
					if conn.Write(ctx, websocket.MessageText, []byte(p)) != nil {
						return
					}
				}
			}
		}
	})
}

// pushExamples returns the first example of every server message that is not a reply.
func pushExamples(t testing.TB, asyncDoc []byte) []string {
	t.Helper()
	api, err := loadAsyncAPI(asyncDoc)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, action := range api.pushes() {
		for _, m := range api.server[action] {
			if len(m.examples) > 0 {
				data, _ := json.Marshal(m.examples[0].payload)
				out = append(out, string(data))
			}
		}
	}
	return out
}

// serve starts an httptest server with the REST handler and, at /ws, the WebSocket one.
func serve(t testing.TB, rest, ws http.Handler) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/", rest)
	if ws != nil {
		mux.Handle("/ws", ws)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// wsURL turns an httptest URL into the WebSocket URL of path.
func wsURL(srv *httptest.Server, path string) string {
	return "ws" + strings.TrimPrefix(srv.URL, "http") + path
}

// run verifies spec against srv and fails the test when it cannot run.
func run(t testing.TB, spec Spec, opts Options) *Report {
	t.Helper()
	rep, err := Run(context.Background(), spec, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// text renders the report as text, with the test server's address replaced.
func text(t testing.TB, rep *Report, srv *httptest.Server) string {
	t.Helper()
	var buf bytes.Buffer
	if err := rep.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	out := strings.ReplaceAll(buf.String(), wsURL(srv, ""), "ws://target")
	return strings.ReplaceAll(out, srv.URL, "http://target")
}

// check returns the check with the id, failing the test when there is none.
func check(t testing.TB, rep *Report, id string) Check {
	t.Helper()
	for _, c := range rep.Checks {
		if c.ID == id {
			return c
		}
	}
	var ids []string
	for _, c := range rep.Checks {
		ids = append(ids, c.ID)
	}
	t.Fatalf("no check %q; checks: %s", id, strings.Join(ids, ", "))
	return Check{}
}

// unit returns the unit with the name among units.
func unit(t testing.TB, units []Unit, name string) Unit {
	t.Helper()
	for _, u := range units {
		if u.Name == name {
			return u
		}
	}
	t.Fatalf("no unit %q", name)
	return Unit{}
}
