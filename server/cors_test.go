package server_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v5"

	"github.com/talkamie/contract/server"
)

const (
	webApp   = "https://app.talkamie.com"
	devApp   = "http://localhost:3000"
	stranger = "https://evil.example"
	// clientHeaders is what a browser asks for before a call of the web
	// client (docs: api-facts §a.2).
	clientHeaders = "authorization,content-type,accept,x-user-timezone-offset"
)

// corsHeaders are the CORS answer headers a test looks at.
var corsHeaders = []string{
	"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Methods",
	"Access-Control-Allow-Headers", "Access-Control-Expose-Headers", "Access-Control-Max-Age",
}

func TestCORS(t *testing.T) {
	e, _ := newServer(t, server.WithCORS(server.CORSConfig{AllowOrigins: []string{webApp, devApp}}))
	preflight := func(origin, method, headers string) map[string]string {
		return map[string]string{"Origin": origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": headers}
	}
	withOrigin := func(origin string, h map[string]string) map[string]string {
		out := map[string]string{"Origin": origin}
		for k, v := range h {
			out[k] = v
		}
		return out
	}
	allowHeaders := "Authorization, Content-Type, Accept, x-user-timezone-offset, x-auth-provider"
	tests := []struct {
		name    string
		method  string
		target  string
		body    string
		headers map[string]string
		status  int
		// want holds the expected CORS headers; those not listed must be
		// absent.
		want map[string]string
		// envelope asks for the contract's error body.
		envelope bool
	}{
		{
			name: "preflight of an authenticated call, no token", method: "OPTIONS", target: "/v1/auth",
			headers: preflight(webApp, "GET", clientHeaders), status: 204,
			want: map[string]string{
				"Access-Control-Allow-Origin": webApp, "Access-Control-Allow-Credentials": "true",
				"Access-Control-Allow-Methods": "OPTIONS, GET", "Access-Control-Allow-Headers": allowHeaders,
				"Access-Control-Max-Age": "600",
			},
		},
		{
			name: "preflight of SSO sign-in from the dev origin", method: "OPTIONS", target: "/v1/auth/sign-in",
			headers: preflight(devApp, "POST", "content-type,x-auth-provider,x-user-timezone-offset"), status: 204,
			want: map[string]string{
				"Access-Control-Allow-Origin": devApp, "Access-Control-Allow-Credentials": "true",
				"Access-Control-Allow-Methods": "OPTIONS, POST", "Access-Control-Allow-Headers": allowHeaders,
				"Access-Control-Max-Age": "600",
			},
		},
		{
			name: "preflight of a path with a parameter", method: "OPTIONS", target: "/v1/user/usr_margaret",
			headers: preflight(webApp, "PUT", clientHeaders), status: 204,
			want: map[string]string{
				"Access-Control-Allow-Origin": webApp, "Access-Control-Allow-Credentials": "true",
				"Access-Control-Allow-Methods": "OPTIONS, DELETE, GET, PUT", "Access-Control-Allow-Headers": allowHeaders,
				"Access-Control-Max-Age": "600",
			},
		},
		{
			// SignOut panics in this implementation: a 204 proves the
			// preflight never reached it.
			name: "preflight never reaches the handler", method: "OPTIONS", target: "/v1/auth/sign-out",
			headers: preflight(webApp, "DELETE", clientHeaders), status: 204,
			want: map[string]string{
				"Access-Control-Allow-Origin": webApp, "Access-Control-Allow-Credentials": "true",
				"Access-Control-Allow-Methods": "OPTIONS, DELETE", "Access-Control-Allow-Headers": allowHeaders,
				"Access-Control-Max-Age": "600",
			},
		},
		{
			name: "preflight of a path the API lacks lets the 404 through", method: "OPTIONS", target: "/v1/nothing/here",
			headers: preflight(webApp, "GET", clientHeaders), status: 204,
			want: map[string]string{
				"Access-Control-Allow-Origin": webApp, "Access-Control-Allow-Credentials": "true",
				"Access-Control-Allow-Methods": "GET", "Access-Control-Allow-Headers": allowHeaders,
				"Access-Control-Max-Age": "600",
			},
		},
		{
			name: "preflight of a path the API lacks does not echo an odd method", method: "OPTIONS", target: "/v1/nothing/here",
			headers: preflight(webApp, "GET, X-Injected: 1", clientHeaders), status: 204,
			want: map[string]string{
				"Access-Control-Allow-Origin": webApp, "Access-Control-Allow-Credentials": "true",
				"Access-Control-Allow-Headers": allowHeaders, "Access-Control-Max-Age": "600",
			},
		},
		{
			name: "origin matching ignores case and echoes the request's", method: "OPTIONS", target: "/v1/auth",
			headers: preflight("HTTPS://APP.TALKAMIE.COM", "GET", clientHeaders), status: 204,
			want: map[string]string{
				"Access-Control-Allow-Origin": "HTTPS://APP.TALKAMIE.COM", "Access-Control-Allow-Credentials": "true",
				"Access-Control-Allow-Methods": "OPTIONS, GET", "Access-Control-Allow-Headers": allowHeaders,
				"Access-Control-Max-Age": "600",
			},
		},
		{
			name: "preflight from an untrusted origin gets no CORS headers", method: "OPTIONS", target: "/v1/auth",
			headers: preflight(stranger, "GET", clientHeaders), status: 204,
		},
		{
			name: "preflight from a trusted origin's subdomain gets none either", method: "OPTIONS", target: "/v1/auth",
			headers: preflight("https://x.app.talkamie.com", "GET", clientHeaders), status: 204,
		},
		{
			name: "call with a token", method: "GET", target: "/v1/auth",
			headers: withOrigin(webApp, map[string]string{"Authorization": margaret, "x-user-timezone-offset": "-60"}), status: 200,
			want: map[string]string{"Access-Control-Allow-Origin": webApp, "Access-Control-Allow-Credentials": "true"},
		},
		{
			name: "401 is readable by the page", method: "GET", target: "/v1/auth",
			headers: withOrigin(webApp, map[string]string{"Authorization": "Bearer undefined"}), status: 401, envelope: true,
			want: map[string]string{"Access-Control-Allow-Origin": webApp, "Access-Control-Allow-Credentials": "true"},
		},
		{
			name: "422 is readable by the page", method: "POST", target: "/v1/auth/sign-up", body: `{"email":"not-an-email"}`,
			headers: withOrigin(devApp, map[string]string{"Content-Type": jsonCT}), status: 422, envelope: true,
			want: map[string]string{"Access-Control-Allow-Origin": devApp, "Access-Control-Allow-Credentials": "true"},
		},
		{
			name: "404 is readable by the page", method: "GET", target: "/v1/nothing/here",
			headers: withOrigin(webApp, nil), status: 404, envelope: true,
			want: map[string]string{"Access-Control-Allow-Origin": webApp, "Access-Control-Allow-Credentials": "true"},
		},
		{
			name: "500 from a panic is readable by the page", method: "DELETE", target: "/v1/auth/sign-out",
			headers: withOrigin(webApp, map[string]string{"Authorization": margaret}), status: 500, envelope: true,
			want: map[string]string{"Access-Control-Allow-Origin": webApp, "Access-Control-Allow-Credentials": "true"},
		},
		{
			name: "call from an untrusted origin is served without CORS headers", method: "GET", target: "/v1/auth",
			headers: withOrigin(stranger, map[string]string{"Authorization": margaret}), status: 200,
		},
		{
			name: "call without an origin (not a browser)", method: "GET", target: "/v1/auth",
			headers: map[string]string{"Authorization": margaret}, status: 200,
		},
		{
			name: "OPTIONS without Access-Control-Request-Method is no preflight", method: "OPTIONS", target: "/v1/auth",
			headers: withOrigin(webApp, nil), status: 204,
			want: map[string]string{"Access-Control-Allow-Origin": webApp, "Access-Control-Allow-Credentials": "true"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(e, tt.method, tt.target, tt.body, tt.headers)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d; body %s", w.Code, tt.status, w.Body)
			}
			for _, k := range corsHeaders {
				if got := w.Header().Get(k); got != tt.want[k] {
					t.Errorf("%s = %q, want %q", k, got, tt.want[k])
				}
			}
			if vary := w.Header().Values("Vary"); !contains(vary, "Origin") {
				t.Errorf("Vary %q lacks Origin", vary)
			}
			if tt.envelope {
				checkEnvelope(t, w.Body.Bytes())
			}
		})
	}
}

func TestCORSOptions(t *testing.T) {
	tests := []struct {
		name    string
		cfg     server.CORSConfig
		request map[string]string
		method  string
		want    map[string]string
	}{
		{
			name:    "own headers, exposed headers, no preflight cache",
			cfg:     server.CORSConfig{AllowOrigins: []string{webApp}, AllowHeaders: append(server.CORSAllowHeaders(), "X-Request-Id"), MaxAge: -1},
			request: map[string]string{"Origin": webApp, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization,x-request-id"},
			method:  "OPTIONS",
			want: map[string]string{
				"Access-Control-Allow-Origin": webApp, "Access-Control-Allow-Credentials": "true",
				"Access-Control-Allow-Methods": "OPTIONS, GET", "Access-Control-Max-Age": "0",
				"Access-Control-Allow-Headers": "Authorization, Content-Type, Accept, x-user-timezone-offset, x-auth-provider, X-Request-Id",
			},
		},
		{
			name:    "exposed headers on a call",
			cfg:     server.CORSConfig{AllowOrigins: []string{webApp}, ExposeHeaders: []string{"X-Request-Id"}, MaxAge: 3600},
			request: map[string]string{"Origin": webApp, "Authorization": margaret},
			method:  "GET",
			want: map[string]string{
				"Access-Control-Allow-Origin": webApp, "Access-Control-Allow-Credentials": "true",
				"Access-Control-Expose-Headers": "X-Request-Id",
			},
		},
		{
			name:    "a skipped request gets no CORS headers",
			cfg:     server.CORSConfig{AllowOrigins: []string{webApp}, Skipper: func(*echo.Context) bool { return true }},
			request: map[string]string{"Origin": webApp, "Authorization": margaret},
			method:  "GET",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := newServer(t, server.WithCORS(tt.cfg))
			w := do(e, tt.method, "/v1/auth", "", tt.request)
			if w.Code >= 300 {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			for _, k := range corsHeaders {
				if got := w.Header().Get(k); got != tt.want[k] {
					t.Errorf("%s = %q, want %q", k, got, tt.want[k])
				}
			}
		})
	}
}

// TestCORSOffByDefault: without WithCORS no origin is trusted, and a
// preflight gets Echo's plain OPTIONS answer.
func TestCORSOffByDefault(t *testing.T) {
	e, _ := newServer(t)
	tests := []struct {
		name    string
		method  string
		headers map[string]string
		status  int
	}{
		{name: "preflight", method: "OPTIONS", headers: map[string]string{"Origin": webApp, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": clientHeaders}, status: 204},
		{name: "call", method: "GET", headers: map[string]string{"Origin": webApp, "Authorization": margaret}, status: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(e, tt.method, "/v1/auth", "", tt.headers)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			for _, k := range corsHeaders {
				if got := w.Header().Get(k); got != "" {
					t.Errorf("%s = %q without WithCORS", k, got)
				}
			}
		})
	}
}

func TestCORSConfigRefused(t *testing.T) {
	tests := []struct {
		name    string
		origins []string
		want    string
	}{
		{name: "no origin", origins: nil, want: "no allowed origin"},
		{name: "wildcard", origins: []string{webApp, "*"}, want: `"*" cannot be trusted with credentials`},
		{name: "no scheme", origins: []string{"app.talkamie.com"}, want: "is not scheme://host[:port]"},
		{name: "trailing slash", origins: []string{"https://app.talkamie.com/"}, want: "is not scheme://host[:port]"},
		{name: "path", origins: []string{"https://app.talkamie.com/v1"}, want: "is not scheme://host[:port]"},
		{name: "null origin", origins: []string{"null"}, want: "is not scheme://host[:port]"},
		{name: "user info", origins: []string{"https://me@app.talkamie.com"}, want: "is not scheme://host[:port]"},
		{name: "empty query", origins: []string{"https://app.talkamie.com?"}, want: "is not scheme://host[:port]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := server.New(impl{}, server.WithAuthenticator(server.StaticTokens(tokens)),
				server.WithCORS(server.CORSConfig{AllowOrigins: tt.origins}))
			if !errors.Is(err, server.ErrInvalidCORS) {
				t.Fatalf("err = %v, want ErrInvalidCORS", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to say %q", err, tt.want)
			}
		})
	}
}

func ExampleWithCORS() {
	e, err := server.New(server.Unimplemented{},
		server.WithAuthenticator(server.StaticTokens(map[string]string{"tok_margaret_access": "usr_margaret"})),
		server.WithCORS(server.CORSConfig{AllowOrigins: []string{"https://app.talkamie.com"}}),
	)
	if err != nil {
		panic(err)
	}
	// The browser's preflight before GET /v1/auth: no token, no body.
	r := httptest.NewRequest(http.MethodOptions, "/v1/auth", nil)
	r.Header.Set("Origin", "https://app.talkamie.com")
	r.Header.Set("Access-Control-Request-Method", "GET")
	r.Header.Set("Access-Control-Request-Headers", "authorization,content-type,accept,x-user-timezone-offset")
	w := httptest.NewRecorder()
	e.ServeHTTP(w, r)
	fmt.Println(w.Code)
	for _, k := range []string{"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Methods", "Access-Control-Allow-Headers"} {
		fmt.Printf("%s: %s\n", k, w.Header().Get(k))
	}
	// Output:
	// 204
	// Access-Control-Allow-Origin: https://app.talkamie.com
	// Access-Control-Allow-Credentials: true
	// Access-Control-Allow-Methods: OPTIONS, GET
	// Access-Control-Allow-Headers: Authorization, Content-Type, Accept, x-user-timezone-offset, x-auth-provider
}

func contains(values []string, want string) bool {
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			if http.CanonicalHeaderKey(strings.TrimSpace(part)) == want {
				return true
			}
		}
	}
	return false
}
