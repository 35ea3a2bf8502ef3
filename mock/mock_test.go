package mock

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

var update = flag.Bool("update", false, "rewrite golden files")

func readSpec(t testing.TB, name string) Spec {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s := Spec{OpenAPI: data}
	if ws, err := os.ReadFile(filepath.Join("testdata", name+"-asyncapi.yaml")); err == nil {
		s.AsyncAPI = ws
	}
	return s
}

func newMock(t testing.TB, name string, opts ...Option) *Mock {
	t.Helper()
	m, err := New(readSpec(t, name), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func serve(h http.Handler, method, target, body string, headers map[string]string) *httptest.ResponseRecorder {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, target, rd)
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// exampleBody returns the bytes the mock serves for an example.
func exampleBody(t *testing.T, m *Mock, opID, name string) string {
	t.Helper()
	for _, e := range m.Examples() {
		if e.Operation.ID == opID && e.Name == name {
			return string(e.Body)
		}
	}
	t.Fatalf("no example %s/%s", opID, name)
	return ""
}

// checkError validates an error body against the envelope schema and
// compares it with its golden file.
func checkError(t *testing.T, m *Mock, body []byte, golden string) {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("error body is not JSON: %v\n%s", err, body)
	}
	if err := m.ErrorSchema().VisitJSON(v, openapi3.MultiErrors()); err != nil {
		t.Errorf("error body breaks the error schema: %v", err)
	}
	var pretty bytes.Buffer
	_ = json.Indent(&pretty, body, "", "  ")
	pretty.WriteByte('\n')
	path := filepath.Join("testdata", "golden", golden+".json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if !bytes.Equal(pretty.Bytes(), want) {
		t.Errorf("error body differs from %s:\n%s", path, pretty.Bytes())
	}
}

const bearer = "Bearer tok_margaret_access"

func TestServe(t *testing.T) {
	talkish := newMock(t, "talkish")
	petstore := newMock(t, "petstore")
	jsonHdr := map[string]string{"Authorization": bearer, "Content-Type": "application/json", "Accept": "application/json"}
	with := func(extra map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range jsonHdr {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	tests := []struct {
		name    string
		m       *Mock
		method  string
		target  string
		body    string
		headers map[string]string
		status  int
		example string // "opID/exampleName": the body must be that example's bytes
		golden  string // the body is an error compared with testdata/golden/<golden>.json
	}{
		// Example choice.
		{name: "default is the first example of the lowest 2xx", m: talkish, method: "GET", target: "/v1/user/usr_daniel", headers: jsonHdr, status: 200, example: "getUser/daniel"},
		{name: "lowest 2xx wins over 201", m: talkish, method: "POST", target: "/v1/finance/withdraw", body: `{"coins":1000,"paypal":{"email":"daniel.okafor@example.com"}}`, headers: jsonHdr, status: 200, example: "withdrawCoins/retry"},
		{name: "prefer code", m: talkish, method: "POST", target: "/v1/finance/withdraw", body: `{"coins":1000,"paypal":{"email":"daniel.okafor@example.com"}}`, headers: with(map[string]string{"Prefer": "code=201"}), status: 201, example: "withdrawCoins/pending"},
		{name: "prefer example", m: talkish, method: "POST", target: "/v1/auth/sign-in", body: `{"email":"daniel.okafor@example.com","password":"x"}`, headers: with(map[string]string{"Prefer": "example=daniel"}), status: 200, example: "signIn/daniel"},
		{name: "prefer code and example", m: talkish, method: "GET", target: "/v1/user/usr_nobody", headers: with(map[string]string{"Prefer": "code=404, example=notFound"}), status: 404, example: "getUser/notFound"},
		{name: "prefer example of an error response", m: talkish, method: "GET", target: "/v1/user/usr_daniel", headers: with(map[string]string{"Prefer": "example=missingToken"}), status: 401, example: "getUser/missingToken"},
		{name: "query __code and __example", m: talkish, method: "GET", target: "/v1/users?__code=200&__example=lastPage", headers: jsonHdr, status: 200, example: "listUsers/lastPage"},
		{name: "unknown code names the documented ones", m: talkish, method: "GET", target: "/v1/user/usr_daniel", headers: with(map[string]string{"Prefer": "code=418"}), status: 400, golden: "unknown-code"},
		{name: "unknown example names the documented ones", m: talkish, method: "GET", target: "/v1/user/usr_daniel?__example=priya", headers: jsonHdr, status: 400, golden: "unknown-example"},
		{name: "unknown example of a code", m: talkish, method: "GET", target: "/v1/user/usr_daniel", headers: with(map[string]string{"Prefer": "code=200, example=priya"}), status: 400, golden: "unknown-example-of-code"},
		{name: "bad preference", m: talkish, method: "GET", target: "/v1/user/usr_daniel", headers: with(map[string]string{"Prefer": "code=abc"}), status: 400, golden: "invalid-preference"},
		{name: "no content", m: talkish, method: "DELETE", target: "/v1/user/usr_daniel/connection", headers: jsonHdr, status: 204},
		{name: "default response serves an undocumented status", m: petstore, method: "POST", target: "/api/v3/pets", body: `{"name":"Rex"}`, headers: map[string]string{"X-API-Key": "k", "Content-Type": "application/json", "Prefer": "code=503"}, status: 503, example: "addPet/problem"},
		{name: "singular example", m: petstore, method: "GET", target: "/api/v3/pets?limit=2", status: 200, example: "listPets/example"},

		// Validation.
		{name: "client quirks pass", m: talkish, method: "GET", target: "/v1/users?keyword=&minAge=&type=&lastEvaluatedKey=&pageSize=25", headers: map[string]string{"Authorization": "Bearer undefined", "Content-Type": "application/json", "x-user-timezone-offset": "-60"}, status: 200, example: "listUsers/firstPage"},
		{name: "bearer undefined is no token", m: talkish, method: "GET", target: "/v1/user/usr_daniel", headers: map[string]string{"Authorization": "Bearer undefined", "Content-Type": "application/json"}, status: 401, golden: "missing-token"},
		{name: "no authorization header", m: talkish, method: "GET", target: "/v1/user/usr_daniel", status: 401, golden: "missing-token"},
		{name: "malformed json", m: talkish, method: "POST", target: "/v1/finance/withdraw", body: "{\"coins\": 100,\n \"paypal\": {\"email\": }}", headers: jsonHdr, status: 400, golden: "malformed-json"},
		{name: "wrong content type", m: talkish, method: "POST", target: "/v1/finance/withdraw", body: `coins=100`, headers: with(map[string]string{"Content-Type": "application/x-www-form-urlencoded"}), status: 415, golden: "unsupported-media-type"},
		{name: "schema problems all at once", m: talkish, method: "POST", target: "/v1/finance/withdraw", body: `{"coins":"many","paypal":{"mail":"x"},"tip":1}`, headers: with(map[string]string{"x-user-timezone-offset": "abc"}), status: 422, golden: "schema-problems"},
		{name: "query problems", m: talkish, method: "GET", target: "/v1/users?pageSize=0&type=robot&minAge=ten", headers: jsonHdr, status: 422, golden: "query-problems"},
		{name: "body on an operation without one", m: talkish, method: "POST", target: "/v1/user/usr_daniel/connection/accept", body: `{}`, headers: jsonHdr, status: 422, golden: "unexpected-body"},
		{name: "no body and json content type on a bodiless POST", m: talkish, method: "POST", target: "/v1/user/usr_daniel/connection/accept", headers: jsonHdr, status: 200, example: "acceptConnectionRequest/accepted"},
		{name: "other envelope shape", m: petstore, method: "POST", target: "/api/v3/pets", body: `{"name":"","tag":"fish"}`, headers: map[string]string{"X-API-Key": "k", "Content-Type": "application/json"}, status: 422, golden: "petstore-schema-problems"},
		{name: "api key missing", m: petstore, method: "DELETE", target: "/api/v3/pets/3", status: 401, golden: "petstore-missing-api-key"},
		{name: "path parameter type", m: petstore, method: "DELETE", target: "/api/v3/pets/rex", headers: map[string]string{"X-API-Key": "k"}, status: 422, golden: "petstore-path-type"},
		{name: "binary body accepted", m: petstore, method: "PUT", target: "/api/v3/pets/3/photo", body: "\x89PNG\r\n", headers: map[string]string{"X-API-Key": "k", "Content-Type": "image/png"}, status: 204},

		// Routing.
		{name: "unknown path lists the nearest", m: talkish, method: "GET", target: "/v1/userz", status: 404, golden: "unknown-path"},
		{name: "outside the base path", m: talkish, method: "GET", target: "/users", status: 404, golden: "outside-base"},
		{name: "method not allowed", m: talkish, method: "PATCH", target: "/v1/user/usr_daniel", headers: jsonHdr, status: 405, golden: "method-not-allowed"},
		{name: "trailing slash", m: talkish, method: "GET", target: "/v1/user/usr_daniel/", headers: jsonHdr, status: 200, example: "getUser/daniel"},
		{name: "escaped path parameter", m: talkish, method: "GET", target: "/v1/user/usr%2Fdaniel", headers: jsonHdr, status: 200, example: "getUser/daniel"},
		{name: "static beats parameter", m: talkish, method: "POST", target: "/v1/user/usr_daniel/connection/accept", headers: jsonHdr, status: 200, example: "acceptConnectionRequest/accepted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := serve(tt.m, tt.method, tt.target, tt.body, tt.headers)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			switch {
			case tt.example != "":
				op, name, _ := strings.Cut(tt.example, "/")
				if got, want := w.Body.String(), exampleBody(t, tt.m, op, name); got != want {
					t.Errorf("body\n%s\nwant\n%s", got, want)
				}
				if ct := w.Header().Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type %q", ct)
				}
			case tt.golden != "":
				checkError(t, tt.m, w.Body.Bytes(), tt.golden)
			default:
				if w.Body.Len() != 0 {
					t.Errorf("unexpected body %s", w.Body)
				}
			}
		})
	}
}

func TestDynamic(t *testing.T) {
	tests := []struct {
		name, spec, target string
		headers            map[string]string
	}{
		{"talkish user", "talkish", "/v1/user/usr_daniel", map[string]string{"Authorization": bearer, "Prefer": "dynamic=true"}},
		{"petstore pet without examples", "petstore", "/api/v3/pets/7?__dynamic=true", map[string]string{"X-API-Key": "k"}},
		{"petstore list", "petstore", "/api/v3/pets?__dynamic=true", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := serve(newMock(t, tt.spec, WithSeed(1)), "GET", tt.target, "", tt.headers)
			b := serve(newMock(t, tt.spec, WithSeed(1)), "GET", tt.target, "", tt.headers)
			if a.Code != 200 || b.Code != 200 {
				t.Fatalf("status %d/%d: %s", a.Code, b.Code, a.Body)
			}
			if a.Body.String() != b.Body.String() {
				t.Errorf("same seed, different data:\n%s\n%s", a.Body, b.Body)
			}
			differs := false
			for seed := int64(2); seed < 6 && !differs; seed++ {
				c := serve(newMock(t, tt.spec, WithSeed(seed)), "GET", tt.target, "", tt.headers)
				differs = c.Body.String() != a.Body.String()
			}
			if !differs {
				t.Errorf("every seed gives the same data: %s", a.Body)
			}
		})
	}
}

func TestGeneratorMeetsSchemas(t *testing.T) {
	m := newMock(t, "petstore")
	for name, ref := range m.doc.Components.Schemas {
		t.Run(name, func(t *testing.T) {
			for seed := range int64(50) {
				v := newGenerator(seed, name).value(ref.Value, 0)
				raw, _ := json.Marshal(v)
				var decoded any
				_ = json.Unmarshal(raw, &decoded)
				if fs := m.val.Value(ref.Value, decoded, false, ""); len(fs) > 0 {
					t.Fatalf("seed %d: %s breaks the schema: %v", seed, raw, fs)
				}
			}
		})
	}
}

func TestCORS(t *testing.T) {
	open := newMock(t, "talkish")
	strict := newMock(t, "talkish", WithWebOrigins("http://localhost:3000"))
	const origin = "http://localhost:3000"
	tests := []struct {
		name        string
		m           *Mock
		method      string
		target      string
		headers     map[string]string
		status      int
		allowOrigin string
		allowMeth   string
	}{
		{"preflight on a route", open, "OPTIONS", "/v1/user/usr_daniel", map[string]string{"Origin": origin, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "authorization,content-type,x-user-timezone-offset"}, 204, origin, "GET, PUT, OPTIONS"},
		{"preflight on an unknown path", open, "OPTIONS", "/v1/nope", map[string]string{"Origin": origin, "Access-Control-Request-Method": "GET"}, 204, origin, "DELETE, GET, OPTIONS, POST, PUT"},
		{"actual request echoes the origin", open, "GET", "/v1/users", map[string]string{"Origin": "https://app.talkamie.com"}, 200, "https://app.talkamie.com", ""},
		{"errors carry CORS too", open, "GET", "/v1/user/x", map[string]string{"Origin": origin}, 401, origin, ""},
		{"restricted origin allowed", strict, "GET", "/v1/users", map[string]string{"Origin": origin}, 200, origin, ""},
		{"restricted origin refused", strict, "GET", "/v1/users", map[string]string{"Origin": "https://evil.example"}, 200, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := serve(tt.m, tt.method, tt.target, "", tt.headers)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d", w.Code, tt.status)
			}
			h := w.Header()
			if got := h.Get("Access-Control-Allow-Origin"); got != tt.allowOrigin {
				t.Errorf("Allow-Origin %q, want %q", got, tt.allowOrigin)
			}
			if tt.allowOrigin != "" && h.Get("Access-Control-Allow-Credentials") != "true" {
				t.Errorf("no Allow-Credentials")
			}
			if got := h.Get("Access-Control-Allow-Methods"); got != tt.allowMeth {
				t.Errorf("Allow-Methods %q, want %q", got, tt.allowMeth)
			}
			if tt.allowMeth != "" {
				allowed := strings.ToLower(h.Get("Access-Control-Allow-Headers"))
				for _, want := range []string{"authorization", "content-type", "accept", "x-user-timezone-offset", "x-auth-provider"} {
					if !strings.Contains(allowed, want) {
						t.Errorf("Allow-Headers %q lacks %s", allowed, want)
					}
				}
			}
		})
	}
}

func TestAuxiliaryPaths(t *testing.T) {
	m := newMock(t, "talkish")
	tests := []struct {
		target, contentType, contains string
		status                        int
	}{
		{"/healthz", "application/json", `"ok"`, 200},
		{"/openapi.yaml", "application/yaml", "operationId: signIn", 200},
		{"/asyncapi.yaml", "application/yaml", "WsChatMessageSend", 200},
		{"/docs/", "text/html", "swagger-ui", 200},
		{"/docs/ws", "text/html; charset=utf-8", "send-message", 200},
		{"/docs", "text/html; charset=utf-8", "", 301},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			w := serve(m, "GET", tt.target, "", nil)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d", w.Code, tt.status)
			}
			if tt.contains != "" && !strings.Contains(w.Body.String(), tt.contains) {
				t.Errorf("body lacks %q", tt.contains)
			}
			if got := w.Header().Get("Content-Type"); tt.status == 200 && !strings.HasPrefix(got, tt.contentType) {
				t.Errorf("Content-Type %q, want %q", got, tt.contentType)
			}
		})
	}
	t.Run("no asyncapi", func(t *testing.T) {
		p := newMock(t, "petstore")
		if w := serve(p, "GET", "/asyncapi.yaml", "", nil); w.Code != 404 {
			t.Fatalf("status %d", w.Code)
		}
	})
}

func TestActionsPage(t *testing.T) {
	page, err := renderActions(readSpec(t, "talkish").AsyncAPI)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<code>chat.message.send</code>", "<code>send-message</code>", "client-to-server",
		"<code>chat.message.new</code>", "server-to-client", // canonical read from the payload's enum
		"Hello &lt;Daniel&gt;", // examples escaped
		"&#34;additionalProperties&#34;: false",
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("page lacks %s", want)
		}
	}
}

func TestInvalidExamples(t *testing.T) {
	base := string(readSpec(t, "talkish").OpenAPI)
	tests := []struct {
		name, old, new string
		want           []string
	}{
		{"response example", "data: {id: usr_daniel, name: Daniel Okafor, type: volunteer, joinedAt: '2025-09-01T10:15:00.000Z'}", "data: {id: 7, type: robot}",
			[]string{`operation getUser: response 200 example "daniel" at /data/id: must be a string (type)`, `operation getUser: response 200 example "daniel" at /data/type: must be one of "senior", "volunteer" (enum)`}},
		{"request example", "value: {coins: 1000, paypal: {email: daniel.okafor@example.com}}", "value: {coins: 10, paypal: {email: daniel.okafor@example.com}}",
			[]string{`operation withdrawCoins: request body application/json example "daniel" at /coins: must be at least 100 (minimum)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(base, tt.old) {
				t.Fatal("fixture changed")
			}
			_, err := New(Spec{OpenAPI: []byte(strings.Replace(base, tt.old, tt.new, 1))})
			if !errors.Is(err, ErrInvalidExample) {
				t.Fatalf("err = %v, want ErrInvalidExample", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			var ee *ExampleError
			if !errors.As(err, &ee) || ee.Pointer == "" {
				t.Errorf("no ExampleError with a pointer in %v", err)
			}
		})
	}
	for _, tt := range []struct{ name, doc, want string }{
		{"not openapi", "openapi: 3.0.3\ninfo: {}\n", "invalid OpenAPI document"},
		{"empty", "", "invalid OpenAPI document: the document is empty"},
		{"not yaml", "openapi: [3.0.3\n", "invalid OpenAPI document: yaml: line"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(Spec{OpenAPI: []byte(tt.doc)})
			if !errors.Is(err, ErrInvalidDocument) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrInvalidDocument saying %q", err, tt.want)
			}
		})
	}
}

func TestResponder(t *testing.T) {
	tests := []struct {
		name    string
		respond ResponderFunc
		status  int
		body    string
	}{
		{"valid body is sent", func(_ context.Context, r *Request) (*Response, error) {
			return &Response{Status: 200, Body: map[string]any{"success": true, "data": map[string]any{"id": r.PathParams["userId"]}}}, nil
		}, 200, `{"data":{"id":"usr_priya"},"success":true}`},
		{"invalid body is refused", func(context.Context, *Request) (*Response, error) {
			return &Response{Status: 200, Body: map[string]any{"data": map[string]any{"id": 3}}}, nil
		}, 500, ""},
		{"undocumented status is refused", func(context.Context, *Request) (*Response, error) {
			return &Response{Status: 418, Body: map[string]any{"success": true}}, nil
		}, 500, ""},
		{"errors become 500", func(context.Context, *Request) (*Response, error) { return nil, errors.New("boom") }, 500, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMock(t, "talkish", WithResponder(tt.respond))
			w := serve(m, "GET", "/v1/user/usr_priya", "", map[string]string{"Authorization": bearer})
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			if tt.body != "" && w.Body.String() != tt.body {
				t.Errorf("body %s", w.Body)
			}
		})
	}
}

func TestBasePathAndLimits(t *testing.T) {
	tests := []struct {
		name   string
		opts   []Option
		target string
		body   string
		status int
	}{
		{"base path override", []Option{WithBasePath("/mock/v1")}, "/mock/v1/users", "", 200},
		{"old base path is gone", []Option{WithBasePath("/mock/v1")}, "/v1/users", "", 404},
		{"root base path", []Option{WithBasePath("")}, "/users", "", 200},
		{"body limit", []Option{WithMaxBodyBytes(64)}, "/v1/auth/sign-in", `{"email":"margaret.hughes@example.com","password":"` + strings.Repeat("x", 64) + `"}`, 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMock(t, "talkish", tt.opts...)
			method := "GET"
			if tt.body != "" {
				method = "POST"
			}
			w := serve(m, method, tt.target, tt.body, map[string]string{"Content-Type": "application/json"})
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			if w.Code >= 400 {
				checkError(t, m, w.Body.Bytes(), "limits-"+strings.ReplaceAll(tt.name, " ", "-"))
			}
		})
	}
}

func TestLatency(t *testing.T) {
	tests := []struct {
		name    string
		opts    []Option
		headers map[string]string
		atLeast time.Duration
	}{
		{"configured range", []Option{WithLatency(20*time.Millisecond, 30*time.Millisecond)}, nil, 20 * time.Millisecond},
		{"prefer delay", nil, map[string]string{"Prefer": "delay=25"}, 25 * time.Millisecond},
		{"prefer delay overrides the range", []Option{WithLatency(time.Second, 2*time.Second)}, map[string]string{"Prefer": "delay=0"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMock(t, "talkish", tt.opts...)
			start := time.Now()
			w := serve(m, "GET", "/v1/users", "", tt.headers)
			if w.Code != 200 {
				t.Fatalf("status %d", w.Code)
			}
			if d := time.Since(start); d < tt.atLeast {
				t.Errorf("answered after %v, want at least %v", d, tt.atLeast)
			}
		})
	}
	t.Run("client gone", func(t *testing.T) {
		m := newMock(t, "talkish", WithLatency(time.Minute, time.Minute))
		ctx, cancel := context.WithCancel(context.Background())
		r := httptest.NewRequest("GET", "/v1/users", nil).WithContext(ctx)
		w := httptest.NewRecorder()
		done := make(chan struct{})
		go func() { m.ServeHTTP(w, r); close(done) }()
		cancel()
		<-done
	})
}

func TestRequestLog(t *testing.T) {
	var buf bytes.Buffer
	m := newMock(t, "talkish", WithLogger(slogJSON(&buf)))
	serve(m, "GET", "/v1/users?__example=lastPage", "", nil)
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatalf("%v: %s", err, buf.Bytes())
	}
	for k, want := range map[string]any{"msg": "request", "method": "GET", "path": "/v1/users", "status": float64(200), "example": "lastPage"} {
		if line[k] != want {
			t.Errorf("%s = %v, want %v", k, line[k], want)
		}
	}
	if _, ok := line["duration"]; !ok {
		t.Error("no duration")
	}
}
