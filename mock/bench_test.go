package mock

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/talkamie/contract/gen"
)

// BenchmarkNew measures start-up on the embedded Talkamie bundle: load,
// check, and validate and encode every example.
func BenchmarkNew(b *testing.B) {
	spec := Spec{OpenAPI: gen.OpenAPI, AsyncAPI: gen.AsyncAPI}
	for b.Loop() {
		if _, err := New(spec); err != nil {
			b.Fatal(err)
		}
	}
}

// requestMix is the benchmark's fixed mix over the Talkamie contract.
var benchRequests = []struct{ method, target, body string }{
	{"GET", "/v1/auth", ""},
	{"GET", "/v1/users?keyword=&lastEvaluatedKey=&pageSize=25", ""},
	{"GET", "/v1/user/usr_daniel", ""},
	{"GET", "/v1/chats?lastEvaluatedKey=&pageSize=25", ""},
	{"POST", "/v1/finance/withdraw", `{"coins":1000,"paypal":{"email":"daniel.okafor@example.com"}}`},
}

func benchHandler(b *testing.B, h http.Handler) {
	b.Helper()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		rq := benchRequests[i%len(benchRequests)]
		i++
		var r *http.Request
		if rq.body != "" {
			r = httptest.NewRequest(rq.method, rq.target, strings.NewReader(rq.body))
		} else {
			r = httptest.NewRequest(rq.method, rq.target, nil)
		}
		r.Header.Set("Authorization", "Bearer tok_daniel_access")
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("x-user-timezone-offset", "-60")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code >= 300 {
			b.Fatalf("%s %s: %d %s", rq.method, rq.target, w.Code, w.Body)
		}
	}
}

// BenchmarkServe is the mock's request path: route, validate, answer.
func BenchmarkServe(b *testing.B) {
	m, err := New(Spec{OpenAPI: gen.OpenAPI, AsyncAPI: gen.AsyncAPI})
	if err != nil {
		b.Fatal(err)
	}
	benchHandler(b, m)
}

// BenchmarkBare serves the same bytes with a map lookup and no validation:
// the ceiling the mock is compared with.
func BenchmarkBare(b *testing.B) {
	m, err := New(Spec{OpenAPI: gen.OpenAPI, AsyncAPI: gen.AsyncAPI})
	if err != nil {
		b.Fatal(err)
	}
	bodies := map[string][]byte{}
	for _, e := range m.Examples() {
		key := e.Operation.Method + " " + e.Operation.Path
		if _, ok := bodies[key]; !ok {
			bodies[key] = e.Body
		}
	}
	fixed := map[string][]byte{
		"GET /v1/auth": bodies["GET /v1/auth"], "GET /v1/users": bodies["GET /v1/users"],
		"GET /v1/user/usr_daniel": bodies["GET /v1/user/{userId}"], "GET /v1/chats": bodies["GET /v1/chats"],
		"POST /v1/finance/withdraw": bodies["POST /v1/finance/withdraw"],
	}
	benchHandler(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(fixed[r.Method+" "+r.URL.Path])
	}))
}

// BenchmarkServeLogged is BenchmarkServe with the CLI's request log (a text
// line per request) written to io.Discard: the cost of formatting the line.
func BenchmarkServeLogged(b *testing.B) {
	m, err := New(Spec{OpenAPI: gen.OpenAPI, AsyncAPI: gen.AsyncAPI}, WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		b.Fatal(err)
	}
	benchHandler(b, m)
}
