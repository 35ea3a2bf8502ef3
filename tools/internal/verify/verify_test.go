package verify

import (
	"context"
	"errors"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/<name>, rewriting it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run go test -update and review the diff)\n--- got\n%s", path, got)
	}
}

const margaret = "tok_margaret_access"

func TestMockPasses(t *testing.T) {
	spec := talkamie()
	ws := replayWS(t, spec.AsyncAPI, wsBehavior{token: margaret, pushes: pushExamples(t, spec.AsyncAPI)})
	srv := serve(t, newMock(t, spec), ws)
	rep := run(t, spec, Options{Target: srv.URL, WebSocket: wsURL(srv, "/ws"), Token: margaret, ReplyTimeout: time.Second})
	if rep.Failed() {
		t.Fatalf("verify fails against the mock:\n%s", text(t, rep, srv))
	}
	for _, u := range append(rep.REST, rep.WS...) {
		if u.Result != Pass {
			t.Errorf("%s: %s, want pass", u.Name, u.Result)
		}
	}
	cv := rep.Coverage
	if cv.Implemented != cv.Operations || cv.Unimplemented != 0 || cv.Operations == 0 {
		t.Errorf("coverage %+v: want every operation implemented", cv)
	}
	if cv.ActionsSent != cv.ClientActions || cv.RepliesSeen != cv.Replies || cv.Replies == 0 || cv.PushesSeen != cv.Pushes {
		t.Errorf("coverage %+v: want every client action sent, every reply and every push seen", cv)
	}
	for _, kind := range []string{kindExample, kindMissingField, kindWrongType, kindMissingBearer, kindAuthenticate} {
		n := 0
		for _, c := range rep.Checks {
			if c.Kind == kind {
				n++
			}
		}
		if n == 0 {
			t.Errorf("no %s check ran", kind)
		}
	}
	golden(t, "mock.golden.txt", text(t, rep, srv))
}

func TestSignInFromContract(t *testing.T) {
	spec := pets(t)
	var mu sync.Mutex
	auth := map[string]string{}
	record := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			if _, seen := auth[r.Method+" "+r.URL.Path]; !seen || r.Header.Get("Authorization") != "" {
				auth[r.Method+" "+r.URL.Path] = r.Header.Get("Authorization")
			}
			mu.Unlock()
			h.ServeHTTP(w, r)
		})
	}
	// The socket answers pets.watch under its alias, which verify rewrites before validating.
	ws := replayWS(t, spec.AsyncAPI, wsBehavior{token: "tok_ann", pushes: pushExamples(t, spec.AsyncAPI),
		editReply: func(action string, frame map[string]any) {
			if action == "pets.watch" {
				frame["action"] = "watch-pets"
			}
		}})
	srv := serve(t, record(newMock(t, spec)), ws)
	rep := run(t, spec, Options{Target: srv.URL, WebSocket: wsURL(srv, "/ws"), ReplyTimeout: time.Second})
	// The mock is served at the root, the document's base path is /api: the target has no path, so /api is added.
	if rep.Target != srv.URL+"/api" {
		t.Errorf("target %q, want %q", rep.Target, srv.URL+"/api")
	}
	if rep.Failed() {
		t.Fatalf("verify fails:\n%s", text(t, rep, srv))
	}
	if got := check(t, rep, "rest:signIn:example:password").Note; got != "signed in; token read from /data/token" {
		t.Errorf("sign-in note %q", got)
	}
	for _, key := range []string{"GET /api/pets", "POST /api/pets", "GET /api/pets/pet_1", "DELETE /api/sessions"} {
		if auth[key] != "Bearer tok_ann" {
			t.Errorf("%s sent Authorization %q, want the signed-in token", key, auth[key])
		}
	}
	var order []string
	for _, c := range rep.Checks {
		if strings.HasPrefix(c.ID, "rest:") && c.Kind == kindExample {
			order = append(order, c.Operation)
		}
	}
	if got, want := strings.Join(order, " "), "signIn listPets getPet createPet signIn signOut"; got != want {
		t.Errorf("examples ran in order %q, want %q (sign-in first, reads, writes, x-verify.last)", got, want)
	}
	if a := check(t, rep, "ws:hello:authenticate"); a.Result != Pass {
		t.Errorf("authenticate: %s %v", a.Result, a.Violations)
	}
	golden(t, "pets.golden.txt", text(t, rep, srv))
}

func TestNoToken(t *testing.T) {
	spec := talkamie()
	spec.OpenAPI = withoutRootKey(t, spec.OpenAPI, "x-verify")
	srv := serve(t, newMock(t, spec), nil)
	rep := run(t, spec, Options{Target: srv.URL})
	if rep.Failed() {
		t.Fatalf("verify fails:\n%s", text(t, rep, srv))
	}
	if c := check(t, rep, "rest:getUserByToken:example"); c.Result != Skipped || c.Note != "no token: pass --token" {
		t.Errorf("secured example without a token: %s %q, want skipped", c.Result, c.Note)
	}
	if c := check(t, rep, "rest:getUserByToken:missing-bearer"); c.Result != Pass || c.Status != http.StatusUnauthorized {
		t.Errorf("missing-bearer: %s %d, want pass 401", c.Result, c.Status)
	}
	if u := unit(t, rep.REST, "signIn"); u.Result != Pass {
		t.Errorf("signIn (security: []) is %s without a token, want pass", u.Result)
	}
	if u := unit(t, rep.REST, "getUserByToken"); u.Result != Skipped {
		t.Errorf("getUserByToken is %s without a token, want skipped: only its missing-bearer check ran", u.Result)
	}
	if got := text(t, rep, srv); !strings.Contains(got, "  skipped       GET    /auth                                        getUserByToken\n      rest:getUserByToken:example: skipped: no token: pass --token\n  pass") {
		t.Errorf("the summary does not say why GET /auth was skipped, once:\n%s", got)
	}
}

func TestCannotRun(t *testing.T) {
	spec := talkamie()
	srv := serve(t, newMock(t, spec), nil)
	tests := []struct {
		name string
		spec Spec
		opts Options
		want string
	}{
		{"unreachable target", spec, Options{Target: "http://127.0.0.1:1"}, "the target answered none of the first 3 requests"},
		{"no target", spec, Options{}, "a target URL is required"},
		{"not http", spec, Options{Target: "ftp://example.com"}, `want an http or https URL, got "ftp://example.com"`},
		{"unreachable socket", spec, Options{Target: srv.URL, Token: margaret, WebSocket: wsURL(srv, "/nowhere")}, "cannot open the WebSocket"},
		{"no AsyncAPI document", Spec{OpenAPI: spec.OpenAPI}, Options{Target: srv.URL, WebSocket: wsURL(srv, "/ws")}, "the contract has no AsyncAPI document"},
		{"broken OpenAPI document", Spec{OpenAPI: []byte("openapi: 3.0.3\npaths: 12\n")}, Options{Target: srv.URL}, "load the OpenAPI document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(context.Background(), tt.spec, tt.opts)
			if !errors.Is(err, ErrCannotRun) {
				t.Fatalf("err = %v, want ErrCannotRun", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to say %q", err, tt.want)
			}
		})
	}
}

// TestSignsInWithXVerify checks that, with no --token, verify signs in as the
// contract's x-verify says and runs the secured examples with that token.
func TestSignsInWithXVerify(t *testing.T) {
	spec := talkamie()
	srv := serve(t, newMock(t, spec), nil)
	rep := run(t, spec, Options{Target: srv.URL})
	if rep.Failed() {
		t.Fatalf("verify fails:\n%s", text(t, rep, srv))
	}
	if c := check(t, rep, "rest:getUserByToken:example"); c.Result != Pass {
		t.Errorf("secured example after signing in: %s %q, want pass", c.Result, c.Note)
	}
}

// withoutRootKey removes a top-level key and its block from a YAML document.
func withoutRootKey(t *testing.T, doc []byte, key string) []byte {
	t.Helper()
	lines := strings.SplitAfter(string(doc), "\n")
	var out strings.Builder
	skipping, found := false, false
	for _, l := range lines {
		top := l != "" && l[0] != ' ' && l[0] != '#' && l[0] != '\n'
		if top {
			skipping = strings.HasPrefix(l, key+":")
			found = found || skipping
		}
		if !skipping {
			out.WriteString(l)
		}
	}
	if !found {
		t.Fatalf("the document has no top-level %s", key)
	}
	return []byte(out.String())
}
