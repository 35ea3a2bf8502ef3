package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/talkamie/contract/gen/restapi"
	"github.com/talkamie/contract/server"
)

const (
	margaret = "Bearer tok_margaret_access"
	jsonCT   = "application/json"
)

// restCase is one request of TestREST and what it must be answered with.
type restCase struct {
	name    string
	method  string
	target  string
	body    string
	headers map[string]string
	status  int
	// golden names the expected body under testdata/rest/; empty checks
	// only the status and the envelope shape.
	golden string
}

// restCases returns TestREST's requests: one per kind of answer the server
// gives, from success to every failure.
func restCases() []restCase {
	signUp := `{"email":"priya.nair@example.com","name":"Priya Nair","password":"correct horse","type":"volunteer"}`
	return []restCase{
		{name: "success", method: "GET", target: "/v1/auth", headers: map[string]string{"Authorization": margaret, "x-user-timezone-offset": "-60"}, status: 200, golden: "get-user-by-token.json"},
		{name: "created", method: "POST", target: "/v1/auth/sign-up", body: signUp, headers: map[string]string{"Content-Type": jsonCT, "Authorization": "Bearer undefined"}, status: 201, golden: "sign-up.json"},
		{name: "typed error from the handler", method: "POST", target: "/v1/auth/sign-up", body: `{"email":"margaret.hughes@example.com","name":"M","password":"secret123"}`, headers: map[string]string{"Content-Type": jsonCT}, status: 409, golden: "conflict.json"},
		{name: "validation failure with details", method: "POST", target: "/v1/auth/sign-up", body: `{"email":"not-an-email","password":7,"type":"robot"}`, headers: map[string]string{"Content-Type": jsonCT}, status: 422, golden: "validation-failed.json"},
		{name: "unknown field", method: "POST", target: "/v1/auth/sign-up", body: `{"email":"priya.nair@example.com","name":"Priya","password":"secret123","isAdmin":true}`, headers: map[string]string{"Content-Type": jsonCT}, status: 422, golden: "unknown-field.json"},
		{name: "case-variant duplicate key", method: "POST", target: "/v1/auth/sign-up", body: `{"email":"priya.nair@example.com","Email":"margaret.hughes@example.com","name":"Priya","password":"secret123"}`, headers: map[string]string{"Content-Type": jsonCT}, status: 422, golden: "case-variant-key.json"},
		{name: "malformed json", method: "POST", target: "/v1/auth/sign-up", body: `{"email": "priya`, headers: map[string]string{"Content-Type": jsonCT}, status: 400, golden: "malformed-json.json"},
		{name: "unsupported media type", method: "POST", target: "/v1/auth/sign-up", body: signUp, headers: map[string]string{"Content-Type": "text/plain"}, status: 415, golden: "unsupported-media-type.json"},
		{name: "body too large", method: "POST", target: "/v1/auth/sign-up", body: `{"name":"` + strings.Repeat("x", 5000) + `"}`, headers: map[string]string{"Content-Type": jsonCT}, status: 413, golden: "too-large.json"},
		{name: "missing token", method: "GET", target: "/v1/auth", status: 401, golden: "missing-token.json"},
		{name: "bearer undefined", method: "GET", target: "/v1/auth", headers: map[string]string{"Authorization": "Bearer undefined"}, status: 401, golden: "missing-token.json"},
		{name: "unknown token", method: "GET", target: "/v1/auth", headers: map[string]string{"Authorization": "Bearer tok_forged"}, status: 401, golden: "invalid-token.json"},
		{name: "unimplemented", method: "GET", target: "/v1/alerts", headers: map[string]string{"Authorization": margaret}, status: 501, golden: "not-implemented.json"},
		{name: "panic", method: "DELETE", target: "/v1/auth/sign-out", headers: map[string]string{"Authorization": margaret}, status: 500, golden: "internal-error.json"},
		{name: "bad response caught", method: "GET", target: "/v1/user/usr_broken", headers: map[string]string{"Authorization": margaret}, status: 500, golden: "invalid-response.json"},
		{name: "not found from the handler", method: "GET", target: "/v1/user/usr_nobody", headers: map[string]string{"Authorization": margaret}, status: 404, golden: "not-found.json"},
		{name: "unknown path", method: "GET", target: "/v1/nothing/here", status: 404, golden: "no-route.json"},
		{name: "wrong method", method: "PATCH", target: "/v1/auth", status: 405, golden: "method-not-allowed.json"},
		{name: "wrong parameter type", method: "GET", target: "/v1/users?minAge=old&pageSize=0", status: 422, golden: "bad-query.json"},
		{name: "empty query values are absent", method: "GET", target: "/v1/users?gender=&minAge=&type=volunteer&lastEvaluatedKey=", status: 200, golden: "list-users-anonymous.json"},
		{name: "public operation keeps a valid token", method: "GET", target: "/v1/users?minAge=25", headers: map[string]string{"Authorization": margaret}, status: 200, golden: "list-users-margaret.json"},
		{name: "public operation ignores a stale token", method: "GET", target: "/v1/users", headers: map[string]string{"Authorization": "Bearer tok_expired"}, status: 200, golden: "list-users-stale-token.json"},
	}
}

func TestREST(t *testing.T) {
	e, _ := newServer(t)
	for _, tt := range restCases() {
		t.Run(tt.name, func(t *testing.T) {
			w := do(e, tt.method, tt.target, tt.body, tt.headers)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d; body %s", w.Code, tt.status, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, jsonCT) {
				t.Errorf("Content-Type %q", ct)
			}
			if w.Code >= 400 {
				checkEnvelope(t, w.Body.Bytes())
			}
			golden(t, "rest/"+tt.golden, indent(t, w.Body.Bytes()))
		})
	}
}

// checkEnvelope asserts the contract's error shape and that nothing internal
// leaks.
func checkEnvelope(t *testing.T, body []byte) {
	t.Helper()
	var env struct {
		Success *bool  `json:"success"`
		Error   string `json:"error"`
		Message string `json:"message"`
		Details []struct {
			Location, Code, Message string
		} `json:"details"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatalf("error body is not JSON: %v: %s", err, body)
	}
	if env.Success == nil || *env.Success || env.Error == "" || env.Message == "" {
		t.Errorf("not an error envelope: %s", body)
	}
	for _, leak := range []string{"tok_margaret_access", "panic", "goroutine", "kin-openapi", "Error at", "Schema:", "Invalid format"} {
		if bytes.Contains(body, []byte(leak)) {
			t.Errorf("the body leaks %q: %s", leak, body)
		}
	}
}

func indent(t *testing.T, body []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := json.Indent(&out, bytes.TrimSpace(body), "", "  "); err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, body)
	}
	out.WriteByte('\n')
	return out.Bytes()
}

func TestPanicIsLoggedWithStack(t *testing.T) {
	e, logs := newServer(t)
	w := do(e, "DELETE", "/v1/auth/sign-out", "", map[string]string{"Authorization": margaret, "X-Request-Id": "req-panic-1"})
	if w.Code != 500 {
		t.Fatalf("status %d", w.Code)
	}
	out := logs.String()
	for _, want := range []string{`"msg":"panic recovered"`, `"request_id":"req-panic-1"`, `"stack":"goroutine`, `session store exploded`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
}

func TestRequestID(t *testing.T) {
	e, logs := newServer(t)
	tests := []struct {
		name, sent string
		echoed     bool
	}{
		{name: "caller's id is echoed", sent: "req-0001", echoed: true},
		{name: "none sent", sent: ""},
		{name: "unsafe id replaced", sent: "bad id\twith spaces"},
		{name: "overlong id replaced", sent: strings.Repeat("a", 129)},
	}
	generated := regexp.MustCompile(`^[0-9a-f]{32}$`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := map[string]string{"Authorization": margaret}
			if tt.sent != "" {
				h["X-Request-Id"] = tt.sent
			}
			got := do(e, "GET", "/v1/auth", "", h).Header().Get("X-Request-Id")
			if tt.echoed && got != tt.sent {
				t.Fatalf("X-Request-Id %q, want %q", got, tt.sent)
			}
			if !tt.echoed && !generated.MatchString(got) {
				t.Fatalf("X-Request-Id %q is not a generated id", got)
			}
			if !strings.Contains(logs.String(), `"request_id":"`+got+`"`) {
				t.Errorf("the access log lacks request_id %q", got)
			}
		})
	}
}

func TestAccessLog(t *testing.T) {
	e, logs := newServer(t)
	do(e, "GET", "/v1/alerts", "", map[string]string{"Authorization": margaret, "X-Request-Id": "req-log-1"})
	var line map[string]any
	for l := range strings.SplitSeq(strings.TrimSpace(logs.String()), "\n") {
		if strings.Contains(l, `"msg":"request"`) && strings.Contains(l, "req-log-1") {
			if err := json.Unmarshal([]byte(l), &line); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := map[string]any{"level": "ERROR", "method": "GET", "path": "/v1/alerts", "route": "/v1/alerts", "status": float64(501), "operation": "listAlerts", "error": "not-implemented", "user": "usr_margaret"}
	for k, v := range want {
		if line[k] != v {
			t.Errorf("%s = %v, want %v (line %v)", k, line[k], v, line)
		}
	}
}

func TestAuthenticatorFailureIsA500(t *testing.T) {
	down := server.AuthenticatorFunc(func(context.Context, string) (server.Principal, error) {
		return server.Principal{}, errors.New("token store unreachable")
	})
	e, logs := newServer(t, server.WithAuthenticator(down))
	w := do(e, "GET", "/v1/auth", "", map[string]string{"Authorization": margaret})
	if w.Code != 500 {
		t.Fatalf("status %d, want 500: %s", w.Code, w.Body)
	}
	checkEnvelope(t, w.Body.Bytes())
	if !strings.Contains(logs.String(), "token store unreachable") {
		t.Error("the cause is not logged")
	}
}

func TestResponseValidationOff(t *testing.T) {
	e, _ := newServer(t, server.WithResponseValidation(false))
	w := do(e, "GET", "/v1/user/usr_broken", "", map[string]string{"Authorization": margaret})
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"robot"`) {
		t.Fatalf("without response validation the response passes as written: %d %s", w.Code, w.Body)
	}
}

func TestNewFails(t *testing.T) {
	tests := []struct {
		name string
		impl restapi.StrictServerInterface
		opts []server.Option
		want error
	}{
		{name: "no authenticator", impl: impl{}, want: server.ErrNoAuthenticator},
		{name: "no implementation", impl: nil, opts: []server.Option{server.WithAuthenticator(server.StaticTokens(nil))}, want: server.ErrNoImplementation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := server.New(tt.impl, tt.opts...); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestErrorType(t *testing.T) {
	cause := errors.New("disk full")
	err := &server.Error{Status: 507, Code: "insufficient-storage", Message: "try later", Err: cause}
	if !errors.Is(err, cause) {
		t.Error("Error does not unwrap its cause")
	}
	if got := err.Error(); got != "insufficient-storage (507): try later: disk full" {
		t.Errorf("Error() = %q", got)
	}
	_ = http.StatusOK
}
