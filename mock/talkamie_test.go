package mock

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/talkamie/contract/gen"
)

func talkamie(t testing.TB) *Mock {
	t.Helper()
	m, err := New(Spec{OpenAPI: gen.OpenAPI, AsyncAPI: gen.AsyncAPI})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestRealClientRequests replays the web client's requests (api-facts.md)
// exactly as it sends them: every header on every call (Bearer undefined when
// signed out, JSON content type on GETs without a body, the timezone offset,
// the browser's Origin) and the hand-rolled query strings (no URL encoding,
// empty values for absent parameters, numbers as strings).
func TestRealClientRequests(t *testing.T) {
	m := talkamie(t)
	const origin = "http://localhost:3000"
	tests := []struct {
		name, method, target, token, body string
		extra                             map[string]string
		status                            int
	}{
		{name: "get user by token while signed out", method: "GET", target: "/v1/auth", token: "undefined", status: 401},
		{name: "sign in with a password", method: "POST", target: "/v1/auth/sign-in", token: "undefined", body: `{"email":"margaret.hughes@example.com","password":"Roses-In-September-51"}`, status: 200},
		{name: "sign in with google", method: "POST", target: "/v1/auth/sign-in", token: "undefined", body: `{"email":"margaret.hughes@example.com"}`, extra: map[string]string{"x-auth-provider": "google ya29.a0AfB_byC1"}, status: 200},
		{name: "sign-up e-mail check", method: "GET", target: "/v1/users?email=priya.nair@example.com", token: "undefined", status: 200},
		{name: "discover users", method: "GET", target: "/v1/users?keyword=&gender=&minAge=&maxAge=&location=&type=&lastEvaluatedKey=&pageSize=25", token: "tok_margaret_access", status: 200},
		{name: "discover users with filters", method: "GET", target: "/v1/users?keyword=garden&gender=male&minAge=25&maxAge=40&location=Manchester&type=volunteer&lastEvaluatedKey=" + jsonQuery(`{"id":"usr_daniel"}`) + "&pageSize=25", token: "tok_margaret_access", status: 200},
		{name: "get user", method: "GET", target: "/v1/user/usr_daniel", token: "tok_margaret_access", status: 200},
		{name: "chats first page", method: "GET", target: "/v1/chats?lastEvaluatedKey=&pageSize=25", token: "tok_margaret_access", status: 200},
		{name: "frequent chats", method: "GET", target: "/v1/chats/frequent?lastEvaluatedKey=&pageSize=25", token: "tok_margaret_access", status: 200},
		{name: "unread chats", method: "GET", target: "/v1/chats/unread?lastEvaluatedKey=&pageSize=25", token: "tok_margaret_access", status: 200},
		{name: "schedule a call", method: "POST", target: "/v1/user/usr_daniel/schedule", token: "tok_margaret_access", body: `{"title":"Sunday catch-up","type":"video","recurrence":"weekly","startDateTime":"2025-09-07T15:00:00.000Z","endDateTime":"2025-09-07T15:30:00.000Z"}`, status: 201},
		{name: "schedule a one-off call", method: "POST", target: "/v1/user/usr_daniel/schedule", token: "tok_margaret_access", body: `{"title":"Chutney recipe swap","type":"audio","recurrence":"none","startDateTime":"2025-09-03T16:00:00.000Z","endDateTime":"2025-09-03T16:15:00.000Z"}`, status: 201},
		{name: "top-up session", method: "POST", target: "/v1/web/finance/top-up/session", token: "tok_margaret_access", body: `{"coins":5000}`, status: 201},
		{name: "top-up retry", method: "POST", target: "/v1/web/finance/top-up/session", token: "tok_margaret_access", body: `{"coins":1000,"transactionId":"txn_topup_0002"}`, status: 201},
		{name: "transaction after checkout", method: "GET", target: "/v1/finance/transaction/txn_topup_0001", token: "tok_margaret_access", status: 200},
		{name: "withdraw", method: "POST", target: "/v1/finance/withdraw", token: "tok_daniel_access", body: `{"coins":1000,"paypal":{"email":"daniel.okafor@example.com"}}`, status: 201},
		{name: "signed urls", method: "POST", target: "/v1/signed/urls", token: "tok_margaret_access", body: `{"fileDirPath":"users/usr_margaret","type":"user","items":{"picture":{"name":"margaret-in-the-garden.jpg","mimeType":"image/jpeg","objectType":"picture"}}}`, status: 200},
		{name: "signed urls, first upload", method: "POST", target: "/v1/signed/urls", token: "tok_daniel_access", body: `{"type":"user","items":{"certificate":{"name":"hcpc-registration.pdf","mimeType":"application/pdf","objectType":"certificate"}}}`, status: 200},
		{name: "accept a connection (no body)", method: "POST", target: "/v1/user/usr_priya/connection/accept", token: "tok_margaret_access", status: 200},
		{name: "sign out", method: "DELETE", target: "/v1/auth/sign-out", token: "tok_margaret_access", status: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := map[string]string{
				"Authorization":          "Bearer " + tt.token,
				"x-user-timezone-offset": "-60",
				"Content-Type":           "application/json",
				"Accept":                 "application/json",
				"Origin":                 origin,
			}
			for k, v := range tt.extra {
				h[k] = v
			}
			// The browser preflights every call: custom headers.
			pre := serve(m, "OPTIONS", tt.target, "", map[string]string{"Origin": origin, "Access-Control-Request-Method": tt.method, "Access-Control-Request-Headers": "authorization,content-type,x-user-timezone-offset,x-auth-provider"})
			if pre.Code != http.StatusNoContent || !strings.Contains(pre.Header().Get("Access-Control-Allow-Methods"), tt.method) {
				t.Fatalf("preflight: %d %v", pre.Code, pre.Header())
			}
			w := serveRaw(m, tt.method, tt.target, tt.body, h)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			if w.Header().Get("Access-Control-Allow-Origin") != origin || w.Header().Get("Access-Control-Allow-Credentials") != "true" {
				t.Errorf("CORS headers missing: %v", w.Header())
			}
			var env struct {
				Success *bool `json:"success"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &env); err != nil || env.Success == nil {
				t.Fatalf("not the envelope: %s", w.Body)
			}
			if (w.Code < 300) != *env.Success {
				t.Errorf("status %d with success=%v", w.Code, *env.Success)
			}
		})
	}
}

// serveRaw sends target's query exactly as written (the client does not
// URL-encode values).
func serveRaw(h http.Handler, method, target, body string, headers map[string]string) *httptest.ResponseRecorder {
	path, query, _ := strings.Cut(target, "?")
	w := serve(h, method, path, body, headers)
	if query == "" {
		return w
	}
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	if body == "" {
		r = httptest.NewRequest(method, path, nil)
	}
	r.URL.RawQuery = query
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// jsonQuery is how the client encodes object values: encodeURIComponent(JSON.stringify(v)).
func jsonQuery(s string) string {
	return strings.NewReplacer("{", "%7B", "}", "%7D", `"`, "%22", ":", "%3A", ",", "%2C").Replace(s)
}

// TestTalkamieExamples serves every documented example of every operation
// with a valid request (its documented request example, or none) and checks
// the status and bytes.
func TestTalkamieExamples(t *testing.T) {
	m := talkamie(t)
	if n := len(m.Operations()); n < 60 {
		t.Fatalf("only %d operations", n)
	}
	for _, e := range m.Examples() {
		if e.Name == "" || e.Code == "default" {
			continue
		}
		t.Run(e.Operation.ID+"/"+e.Code+"/"+e.Name, func(t *testing.T) {
			op := m.byKey[e.Operation.Method+" "+e.Operation.Path]
			target, body := validRequest(t, op.route.Operation, e.Operation.Path, op)
			h := map[string]string{"Authorization": "Bearer tok_margaret_access", "Content-Type": "application/json", "Prefer": "code=" + e.Code + ", example=" + e.Name}
			w := serve(m, e.Operation.Method, target, body, h)
			if w.Code != e.Status {
				t.Fatalf("status %d, want %d: %s", w.Code, e.Status, w.Body)
			}
			if w.Body.String() != string(e.Body) {
				t.Errorf("body differs from the example")
			}
		})
	}
}

// validRequest builds a path from the parameters' examples and picks the
// first request body example.
func validRequest(t *testing.T, op *openapi3.Operation, path string, o *operation) (string, string) {
	t.Helper()
	params := append(append(openapi3.Parameters{}, o.route.PathItem.Parameters...), op.Parameters...)
	for _, p := range params {
		if p.Value.In == "path" {
			ex := p.Value.Example
			if ex == nil && p.Value.Schema != nil {
				ex = p.Value.Schema.Value.Example
			}
			s, _ := ex.(string)
			if s == "" {
				s = "x1"
			}
			path = strings.ReplaceAll(path, "{"+p.Value.Name+"}", s)
		}
	}
	if op.RequestBody == nil {
		return path, ""
	}
	mt := op.RequestBody.Value.Content.Get("application/json")
	if mt == nil {
		return path, ""
	}
	var v any
	if mt.Example != nil {
		v = mt.Example
	}
	names := orderedNames(nil, mt.Examples)
	if len(names) > 0 {
		v = mt.Examples[names[0]].Value.Value
	}
	if v == nil {
		t.Fatalf("no request example for %s", path)
	}
	b, _ := json.Marshal(v)
	return path, string(b)
}
