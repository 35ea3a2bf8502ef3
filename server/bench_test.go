package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v5"

	"github.com/talkamie/contract/gen/restapi"
	"github.com/talkamie/contract/server"
)

// BenchmarkServer measures one request through server.New (validation,
// authentication, envelope, request id, access log to a discarding logger)
// against the same generated handler on bare Echo with nothing around it.
// The ratio of the two is the price of the contract; see README.md, "Serving
// the contract".
func BenchmarkServer(b *testing.B) {
	bare := echo.New()
	restapi.RegisterHandlersWithBaseURL(bare, restapi.NewStrictHandler(impl{}, nil), server.BasePath)
	full, err := server.New(impl{}, server.WithAuthenticator(server.StaticTokens(tokens)))
	if err != nil {
		b.Fatal(err)
	}
	checked, err := server.New(impl{}, server.WithAuthenticator(server.StaticTokens(tokens)), server.WithResponseValidation(true))
	if err != nil {
		b.Fatal(err)
	}
	requests := []struct {
		name, method, target, body string
		status                     int
	}{
		{name: "get-user", method: http.MethodGet, target: "/v1/user/usr_daniel", status: http.StatusOK},
		{name: "sign-up", method: http.MethodPost, target: "/v1/auth/sign-up", status: http.StatusCreated,
			body: `{"email":"priya.nair@example.com","name":"Priya Nair","password":"correct horse","type":"volunteer"}`},
	}
	servers := []struct {
		name string
		h    http.Handler
	}{
		{"bare-echo", bare},
		{"server.New", full},
		{"server.New+responses", checked},
	}
	for _, rq := range requests {
		for _, s := range servers {
			b.Run(rq.name+"/"+s.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					var r *http.Request
					if rq.body != "" {
						r = httptest.NewRequest(rq.method, rq.target, strings.NewReader(rq.body))
						r.Header.Set("Content-Type", "application/json")
					} else {
						r = httptest.NewRequest(rq.method, rq.target, nil)
					}
					r.Header.Set("Authorization", "Bearer tok_margaret_access")
					r.Header.Set("x-user-timezone-offset", "-60")
					w := httptest.NewRecorder()
					s.h.ServeHTTP(w, r)
					if w.Code != rq.status {
						b.Fatalf("status %d: %s", w.Code, w.Body)
					}
				}
			})
		}
	}
}

// BenchmarkNew measures building a server: what every test that calls
// server.New pays before its first request.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := server.New(impl{}, server.WithAuthenticator(server.StaticTokens(tokens))); err != nil {
			b.Fatal(err)
		}
	}
}
