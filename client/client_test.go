package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/talkamie/contract/client"
	"github.com/talkamie/contract/gen/models"
)

// newServer starts an httptest server answering with h and returns a client
// for it.
func newServer(t *testing.T, h http.HandlerFunc, opts ...client.Option) *client.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := client.New(srv.URL+"/v1", opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func reply(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "req-1")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func TestNewRejectsBadBaseURL(t *testing.T) {
	for _, u := range []string{"", "api.talkamie.com/v1", "ftp://api.talkamie.com/v1", "://x"} {
		t.Run(u, func(t *testing.T) {
			if _, err := client.New(u); err == nil {
				t.Errorf("New(%q) succeeded", u)
			}
		})
	}
}

func TestEnvelope(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		body     string
		wantName string
		want     *client.APIError
		sentinel error
		wantErr  error
	}{
		{name: "success", status: 200, body: `{"success":true,"data":{"id":"usr_daniel","name":"Daniel Okafor"}}`, wantName: "Daniel Okafor"},
		{
			name: "not found", status: 404, sentinel: client.ErrNotFound,
			body: `{"success":false,"error":"not-found","message":"no user usr_nobody"}`,
			want: &client.APIError{Operation: "getUser", StatusCode: 404, Code: "not-found", Message: "no user usr_nobody", RequestID: "req-1"},
		},
		{
			name: "validation details", status: 422, sentinel: client.ErrValidation,
			body: `{"success":false,"error":"validation-failed","message":"the request does not match the schema","details":[{"location":"path.userId","code":"pattern","message":"userId is not an id"}]}`,
			want: &client.APIError{Operation: "getUser", StatusCode: 422, Code: "validation-failed", Message: "the request does not match the schema", RequestID: "req-1",
				Details: []client.Detail{{Location: "path.userId", Code: "pattern", Message: "userId is not an id"}}},
		},
		{
			name: "unauthorized", status: 401, sentinel: client.ErrUnauthorized,
			body: `{"success":false,"error":"unauthorized","message":"missing bearer token"}`,
			want: &client.APIError{Operation: "getUser", StatusCode: 401, Code: "unauthorized", Message: "missing bearer token", RequestID: "req-1"},
		},
		{
			name: "2xx with success false", status: 200,
			body: `{"success":false,"error":"blocked","message":"this user blocked you"}`,
			want: &client.APIError{Operation: "getUser", StatusCode: 200, Code: "blocked", Message: "this user blocked you", RequestID: "req-1"},
		},
		{
			name: "2xx without success", status: 200, body: `{"data":{"id":"usr_daniel"}}`,
			want: &client.APIError{Operation: "getUser", StatusCode: 200, Message: "the response has no success field", RequestID: "req-1"},
		},
		{
			name: "html gateway error", status: 502, body: "<html><body>Bad Gateway</body></html>",
			want: &client.APIError{Operation: "getUser", StatusCode: 502, Message: "bad gateway", RequestID: "req-1"},
		},
		{
			name: "plain text error", status: 503, body: "upstream connect error\nmore",
			want: &client.APIError{Operation: "getUser", StatusCode: 503, Message: "upstream connect error", RequestID: "req-1"},
		},
		{name: "2xx not json", status: 200, body: "OK", wantErr: client.ErrUnexpectedResponse},
		{name: "2xx without data", status: 200, body: `{"success":true}`, wantErr: client.ErrUnexpectedResponse},
		{name: "2xx with mistyped data", status: 200, body: `{"success":true,"data":{"id":42}}`, wantErr: client.ErrUnexpectedResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newServer(t, reply(tt.status, tt.body))
			user, err := c.GetUser(t.Context(), "usr_daniel")
			switch {
			case tt.wantName != "":
				if err != nil {
					t.Fatal(err)
				}
				if user.Name == nil || *user.Name != tt.wantName {
					t.Errorf("name = %v, want %q", user.Name, tt.wantName)
				}
			case tt.want != nil:
				var apiErr *client.APIError
				if !errors.As(err, &apiErr) {
					t.Fatalf("err = %v, want an *APIError", err)
				}
				if got, want := fmt.Sprintf("%+v", *apiErr), fmt.Sprintf("%+v", *tt.want); got != want {
					t.Errorf("APIError\n got %s\nwant %s", got, want)
				}
				if tt.sentinel != nil && !errors.Is(err, tt.sentinel) {
					t.Errorf("errors.Is(%v, %v) = false", err, tt.sentinel)
				}
				if errors.Is(err, client.ErrConflict) {
					t.Errorf("%v matches ErrConflict", err)
				}
			default:
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("err = %v, want %v", err, tt.wantErr)
				}
			}
		})
	}
}

func TestAPIErrorMessage(t *testing.T) {
	tests := []struct {
		err  *client.APIError
		want string
	}{
		{&client.APIError{Operation: "getUser", StatusCode: 404, Code: "not-found", Message: "no user"}, "getUser: 404 not-found: no user"},
		{&client.APIError{Operation: "withdrawCoins", StatusCode: 422, Code: "validation-failed", Message: "bad body",
			Details: []client.Detail{{Location: "body.coins", Code: "minimum", Message: "coins must be at least 100"}, {Location: "body.paypal", Code: "required", Message: "paypal is required"}}},
			"withdrawCoins: 422 validation-failed: bad body (body.coins: coins must be at least 100; body.paypal: paypal is required)"},
		{&client.APIError{Operation: "chat.message.send", Message: "chat not accepted"}, "chat.message.send: error: chat not accepted"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestOperationsReturnError(t *testing.T) {
	var got []string
	c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Method+" "+r.URL.Path)
		reply(200, `{"success":true,"data":{}}`)(w, r)
	})
	ctx := t.Context()
	for name, call := range map[string]func() error{
		"signOut":    func() error { return c.SignOut(ctx) },
		"deleteUser": func() error { return c.DeleteUser(ctx, "usr_margaret") },
		"verifyOtp": func() error {
			return c.VerifyOtp(ctx, models.VerifyOtpJSONRequestBody{Email: "margaret.hughes@example.com", Code: "1234"})
		},
	} {
		t.Run(name, func(t *testing.T) {
			if err := call(); err != nil {
				t.Fatal(err)
			}
		})
	}
	if len(got) != 3 {
		t.Errorf("requests = %v", got)
	}
}

func TestHeaders(t *testing.T) {
	var tokens atomic.Int32
	rotating := client.WithTokenSource(func(context.Context) (string, error) {
		return fmt.Sprintf("tok_%d", tokens.Add(1)), nil
	})
	tests := []struct {
		name  string
		opts  []client.Option
		call  func(context.Context, *client.Client) error
		calls int
		want  []http.Header
	}{
		{
			name: "static token, timezone and user agent",
			opts: []client.Option{client.WithToken("tok_margaret_access"), client.WithTimezoneOffset(-60), client.WithUserAgent("amie-bot/1.0")},
			call: func(ctx context.Context, c *client.Client) error { _, err := c.GetUser(ctx, "usr_daniel"); return err },
			want: []http.Header{{"Authorization": {"Bearer tok_margaret_access"}, "X-User-Timezone-Offset": {"-60"}, "User-Agent": {"amie-bot/1.0"}, "Accept": {"application/json"}}},
		},
		{
			name: "params timezone wins over the default",
			opts: []client.Option{client.WithTimezoneOffset(-60)},
			call: func(ctx context.Context, c *client.Client) error {
				tz := 300
				_, err := c.ListChats(ctx, &models.ListChatsParams{XUserTimezoneOffset: &tz})
				return err
			},
			want: []http.Header{{"X-User-Timezone-Offset": {"300"}, "Authorization": nil}},
		},
		{
			name: "token source is asked on every call",
			opts: []client.Option{rotating},
			call: func(ctx context.Context, c *client.Client) error {
				for range 2 {
					if _, err := c.GetUser(ctx, "usr_daniel"); err != nil {
						return err
					}
				}
				return nil
			},
			want: []http.Header{{"Authorization": {"Bearer tok_1"}}, {"Authorization": {"Bearer tok_2"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var seen []http.Header
			c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				seen = append(seen, r.Header.Clone())
				mu.Unlock()
				if strings.HasPrefix(r.URL.Path, "/v1/user/") {
					reply(200, `{"success":true,"data":{"id":"usr_daniel"}}`)(w, r)
					return
				}
				reply(200, `{"success":true,"data":[]}`)(w, r)
			}, tt.opts...)
			if err := tt.call(t.Context(), c); err != nil {
				t.Fatal(err)
			}
			if len(seen) != len(tt.want) {
				t.Fatalf("%d requests, want %d", len(seen), len(tt.want))
			}
			for i, want := range tt.want {
				for k, v := range want {
					if got := seen[i].Values(k); strings.Join(got, ",") != strings.Join(v, ",") {
						t.Errorf("request %d: %s = %q, want %q", i, k, got, v)
					}
				}
			}
		})
	}
}

func TestTokenSourceError(t *testing.T) {
	called := false
	c := newServer(t, func(http.ResponseWriter, *http.Request) { called = true },
		client.WithTokenSource(func(context.Context) (string, error) { return "", errors.New("refresh failed") }))
	_, err := c.GetUser(t.Context(), "usr_daniel")
	if err == nil || !strings.Contains(err.Error(), "refresh failed") {
		t.Errorf("err = %v, want the token source's error", err)
	}
	if called {
		t.Error("the request was sent without a token")
	}
}

func TestContextCancellation(t *testing.T) {
	release := make(chan struct{})
	c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}, client.WithRetries(3, time.Millisecond))
	defer close(release)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.GetUser(ctx, "usr_daniel")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("GetUser returned after %v", d)
	}
}

// jsonBody decodes a request body for assertions.
func jsonBody(t *testing.T, r *http.Request) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
		t.Errorf("request body: %v", err)
	}
	return m
}
