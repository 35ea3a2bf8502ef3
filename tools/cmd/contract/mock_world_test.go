package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// send sends a request with a JSON body and headers (name, value pairs).
func (mr *mockRun) send(t *testing.T, method, path, body string, headers ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, mr.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(out)
}

func TestMockStatefulByDefault(t *testing.T) {
	mr := startMock(t)
	if !strings.Contains(mr.log.String(), "stateful=true") {
		t.Errorf("the start-up line does not say stateful=true:\n%s", mr.log)
	}
	steps := []struct {
		name, method, path, body, token string
		status                          int
		contains                        string
	}{
		{"sign up", http.MethodPost, "/v1/auth/sign-up", `{"name":"Edith Clarke","email":"edith@example.com","password":"Kettle-On-1948"}`, "", http.StatusCreated, `"access":"tok_`},
		{"the e-mail is taken", http.MethodGet, "/v1/users?email=edith@example.com", "", "", http.StatusOK, `"data":[{"id":"`},
		{"sign in", http.MethodPost, "/v1/auth/sign-in", `{"email":"edith@example.com","password":"Kettle-On-1948"}`, "", http.StatusOK, `"email":"edith@example.com"`},
		{"unknown token", http.MethodGet, "/v1/auth", "", "tok_nobody", http.StatusUnauthorized, `"invalid-token"`},
		{"a documented example on request", http.MethodGet, "/v1/user/usr_priya", "", "tok_margaret_access", http.StatusOK, `"usr_priya"`},
		{"the state lists the new user", http.MethodGet, "/__mock/state", "", "", http.StatusOK, `"edith@example.com"`},
		{"reset", http.MethodPost, "/__mock/reset", "", "", http.StatusOK, `"success": true`},
		{"the new user is gone", http.MethodGet, "/v1/users?email=edith@example.com", "", "", http.StatusOK, `"data":[]`},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			var headers []string
			if s.token != "" {
				headers = []string{"Authorization", "Bearer " + s.token}
			}
			status, body := mr.send(t, s.method, s.path, s.body, headers...)
			if status != s.status || !strings.Contains(body, s.contains) {
				t.Errorf("%s %s: %d %s, want %d containing %s", s.method, s.path, status, body, s.status, s.contains)
			}
		})
	}
}

func TestMockLogsWebSocketFrames(t *testing.T) {
	mr := startMock(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(mr.url, "http")+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.CloseNow()
	if err := ws.Write(ctx, websocket.MessageText, []byte(`{"action":"authenticate","token":"tok_margaret_access"}`)); err != nil {
		t.Fatal(err)
	}
	if _, reply, err := ws.Read(ctx); err != nil || !strings.Contains(string(reply), `"id":"usr_margaret"`) {
		t.Fatalf("authenticate: %s %v", reply, err)
	}
	for _, dir := range []string{"in", "out"} {
		waitUntil(t, "a logged "+dir+" frame", func() bool {
			for line := range strings.Lines(mr.log.String()) {
				if strings.Contains(line, `msg="ws frame"`) && strings.Contains(line, " dir="+dir+" ") && strings.Contains(line, "action=authenticate") {
					return true
				}
			}
			return false
		})
	}
}

func TestMockWorldFlags(t *testing.T) {
	tests := []struct {
		name      string
		flags     worldFlags
		dir       string
		want      bool
		wantError bool
	}{
		{name: "embedded contract", want: true},
		{name: "a directory", dir: "contract", want: false},
		{name: "stateful directory", flags: worldFlags{stateful: true}, dir: "contract", want: true},
		{name: "stateless embedded", flags: worldFlags{stateless: true}, want: false},
		{name: "both", flags: worldFlags{stateful: true, stateless: true}, wantError: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.flags.enabled(tt.dir)
			if (err != nil) != tt.wantError || got != tt.want {
				t.Errorf("enabled(%q) = %v, %v; want %v, error %v", tt.dir, got, err, tt.want, tt.wantError)
			}
		})
	}
	if err := run(context.Background(), []string{"mock", "--stateful", "--stateless", "--port", "0"}, io.Discard, io.Discard); err == nil {
		t.Error("contract mock accepted --stateful with --stateless")
	}
}
