package server

import (
	"context"
	"errors"
	"maps"
	"strings"
)

// ErrUnauthenticated is returned (or wrapped) by an Authenticator for a token
// it does not accept. The request is answered with 401; any other error from
// the Authenticator is a server failure (500).
var ErrUnauthenticated = errors.New("unknown or expired token")

// Principal is who a request or a WebSocket connection acts for.
type Principal struct {
	// UserID identifies the user; the Hub delivers pushes by it.
	UserID string
	// Token is the bearer token that was accepted (a handler signing out
	// needs it).
	Token string
	// Data is whatever else the Authenticator attached (a user record,
	// roles). The server never reads it.
	Data any
}

// Authenticator checks a bearer token. The same Authenticator serves REST
// requests (Authorization: Bearer) and the WebSocket authenticate frame.
type Authenticator interface {
	// Authenticate returns the principal the token stands for, an error
	// wrapping ErrUnauthenticated for a token it rejects, or another error
	// when it cannot decide (a store is down).
	Authenticate(ctx context.Context, token string) (Principal, error)
}

// AuthenticatorFunc adapts a function to Authenticator.
type AuthenticatorFunc func(ctx context.Context, token string) (Principal, error)

// Authenticate calls f.
func (f AuthenticatorFunc) Authenticate(ctx context.Context, token string) (Principal, error) {
	return f(ctx, token)
}

// StaticTokens is an Authenticator over a fixed map from token to user id,
// for tests, examples and local development.
func StaticTokens(tokens map[string]string) Authenticator {
	m := maps.Clone(tokens)
	return AuthenticatorFunc(func(_ context.Context, token string) (Principal, error) {
		if id, ok := m[token]; ok {
			return Principal{UserID: id, Token: token}, nil
		}
		return Principal{}, ErrUnauthenticated
	})
}

type principalKey struct{}

// PrincipalFrom returns the principal of the request or WebSocket connection
// a handler's ctx belongs to; ok is false when the caller is anonymous (an
// operation with "security: []" called without a valid token, or a frame
// before authenticate).
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(*Principal)
	if !ok || p == nil {
		return Principal{}, false
	}
	return *p, true
}

// WithPrincipal returns a copy of ctx carrying p, for tests of handlers that
// call PrincipalFrom.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, &p)
}

// authState collects what the validator's credential check learned about the
// request's token; it lives in the request context for one validation.
type authState struct {
	principal *Principal
	err       error
}

type authStateKey struct{}

// isNoToken reports whether a bearer value is one the web client sends when
// signed out.
func isNoToken(cred string) bool {
	return cred == "" || cred == "undefined" || cred == "null"
}

// bearerToken returns the token of an Authorization header, or "" when there
// is none (no header, another scheme, "Bearer undefined").
func bearerToken(header string) string {
	kind, cred, _ := strings.Cut(strings.TrimSpace(header), " ")
	cred = strings.TrimSpace(cred)
	if !strings.EqualFold(kind, "bearer") || isNoToken(cred) {
		return ""
	}
	return cred
}
