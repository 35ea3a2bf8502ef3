package server_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/labstack/echo/v5"

	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/gen/restapi"
	"github.com/talkamie/contract/server"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// tokens is the test world's authenticator data (docs/contract-style.md §6).
var tokens = map[string]string{
	"tok_margaret_access": "usr_margaret",
	"tok_daniel_access":   "usr_daniel",
}

// impl implements a few operations the way tests need them; the rest answer
// 501 through the embedded Unimplemented.
type impl struct {
	server.Unimplemented
}

var _ restapi.StrictServerInterface = impl{}

func (impl) GetUserByToken(ctx context.Context, _ restapi.GetUserByTokenRequestObject) (restapi.GetUserByTokenResponseObject, error) {
	p, ok := server.PrincipalFrom(ctx)
	if !ok {
		return nil, errors.New("no principal on an authenticated operation")
	}
	name := "Margaret Hughes"
	return restapi.GetUserByToken200JSONResponse{Success: true, Data: &models.UserAccountWithoutTokens{User: models.FullUser{Id: p.UserID, Name: &name}}}, nil
}

func (impl) SignUp(_ context.Context, req restapi.SignUpRequestObject) (restapi.SignUpResponseObject, error) {
	if req.Body.Email == "margaret.hughes@example.com" {
		return nil, server.NewError(http.StatusConflict, "conflict", "this e-mail address already has an account")
	}
	name := req.Body.Name
	email := req.Body.Email
	return restapi.SignUp201JSONResponse{Success: true, Data: &models.UserAccount{
		Tokens: models.UserTokens{Access: "tok_priya_access", Refresh: "tok_priya_refresh"},
		User:   models.FullUser{Id: "usr_priya", Name: &name, Email: &email},
	}}, nil
}

// ListUsers echoes what it received, so tests see the binding and the
// principal.
func (impl) ListUsers(ctx context.Context, req restapi.ListUsersRequestObject) (restapi.ListUsersResponseObject, error) {
	who := "anonymous"
	if p, ok := server.PrincipalFrom(ctx); ok {
		who = p.UserID
	}
	desc := fmt.Sprintf("viewer=%s minAge=%s gender=%s type=%s", who, deref(req.Params.MinAge), deref(req.Params.Gender), deref(req.Params.Type))
	return restapi.ListUsers200JSONResponse{Success: true, Data: &[]models.BasicUser{{Id: "usr_daniel", Bio: &desc}}}, nil
}

// SignOut panics, for the recovery test.
func (impl) SignOut(context.Context, restapi.SignOutRequestObject) (restapi.SignOutResponseObject, error) {
	panic("the session store exploded with secret tok_margaret_access")
}

// GetUser breaks the contract for one id, for the response-validation test.
func (impl) GetUser(_ context.Context, req restapi.GetUserRequestObject) (restapi.GetUserResponseObject, error) {
	if req.UserId == "usr_broken" {
		robot := models.UserType("robot")
		return restapi.GetUser200JSONResponse{Success: true, Data: &models.ExtendedUser{Id: "usr_broken", Type: &robot}}, nil
	}
	if req.UserId != "usr_daniel" {
		return nil, server.NewError(http.StatusNotFound, "not-found", "nothing was found with that id")
	}
	name := "Daniel Okafor"
	return restapi.GetUser200JSONResponse{Success: true, Data: &models.ExtendedUser{Id: "usr_daniel", Name: &name}}, nil
}

func deref[T any](p *T) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

// logBuffer is a concurrency-safe buffer for a JSON slog handler.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newServer builds the server under test with response validation on.
func newServer(t testing.TB, opts ...server.Option) (*echo.Echo, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	base := []server.Option{
		server.WithAuthenticator(server.StaticTokens(tokens)),
		server.WithResponseValidation(true),
		server.WithMaxBodyBytes(4 << 10),
		server.WithLogger(slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
	}
	e, err := server.New(impl{}, append(base, opts...)...)
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	return e, logs
}

// golden compares got with testdata/<name>, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./server -update)", err)
	}
	if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
		t.Errorf("%s differs:\n got: %s\nwant: %s", name, got, want)
	}
}

// do sends one request to h and returns the recorded response.
func do(h http.Handler, method, target, body string, headers map[string]string) *httptest.ResponseRecorder {
	var r *http.Request
	if body == "" {
		r = httptest.NewRequest(method, target, nil)
	} else {
		r = httptest.NewRequest(method, target, strings.NewReader(body))
	}
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}
