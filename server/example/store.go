package example

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/gen/restapi"
	"github.com/talkamie/contract/gen/wsmsg"
	"github.com/talkamie/contract/isotime"
	"github.com/talkamie/contract/server"
)

// Server is the in-memory implementation. It is also the server.Authenticator
// (it issued the tokens) and holds the Hub it pushes WebSocket frames with.
type Server struct {
	// Unimplemented answers 501 for every operation this example leaves out.
	server.Unimplemented

	// Now is the clock; tests pin it.
	Now func() time.Time

	hub *server.Hub

	mu     sync.Mutex // guards everything below
	seq    int
	users  map[string]*user          // by id
	tokens map[string]string         // access token -> user id
	chats  []*chat                   // newest activity first
	txns   []models.BasicTransaction // newest first
	owners map[string]string         // transaction id -> user id
}

// The compiler checks that Server implements the whole interface.
var _ restapi.StrictServerInterface = (*Server)(nil)

// Server authenticates REST calls and WebSocket connections.
var _ server.Authenticator = (*Server)(nil)

// user is what the example stores about an account. A real server keeps a
// password hash, never the password.
type user struct {
	profile  models.FullUser
	password string
}

// chat is a conversation between two users, with its messages newest first.
type chat struct {
	id       string
	kind     models.ChatType
	members  [2]string
	accepted bool
	messages []models.BasicChatMessage
	unread   map[string]int // user id -> messages that user has not read
}

// New returns the example server over the contract's example world; hub is
// where it pushes WebSocket frames (give the same hub to server.New with
// server.WithHub).
func New(hub *server.Hub) *Server {
	s := &Server{Now: time.Now, hub: hub, users: map[string]*user{}, tokens: map[string]string{}}
	s.seed()
	return s
}

// Handler returns the WebSocket side: authenticate and chat.message.send.
func (s *Server) Handler() wsmsg.Handler { return socket{s: s} }

// Authenticate implements server.Authenticator over the tokens it issued.
func (s *Server) Authenticate(_ context.Context, token string) (server.Principal, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.tokens[token]
	if !ok {
		return server.Principal{}, server.ErrUnauthenticated
	}
	return server.Principal{UserID: id, Token: token}, nil
}

// me returns the signed-in user of a request. server.New authenticated the
// request before the handler runs, so a missing principal is a bug.
func (s *Server) me(ctx context.Context) (*user, error) {
	p, ok := server.PrincipalFrom(ctx)
	if !ok {
		return nil, server.NewError(http.StatusUnauthorized, "unauthorized", "sign in to continue")
	}
	u := s.users[p.UserID]
	if u == nil {
		return nil, server.NewError(http.StatusUnauthorized, "unauthorized", "sign in to continue")
	}
	return u, nil
}

func (s *Server) timestamp() *isotime.Time {
	t := isotime.New(s.Now().UTC().Truncate(time.Millisecond))
	return &t
}

// notFound is the answer for an id the caller may not see.
func notFound() error {
	return server.NewError(http.StatusNotFound, "not-found", "nothing was found with that id")
}

// page cuts one page out of items: pageSize items after the one named by
// lastEvaluatedKey (a JSON object {"id": ...}, as the previous page returned
// it). Every page carries pagination; the last one has no lastEvaluatedKey.
func page[T any](items []T, id func(T) string, pageSize *int, lastEvaluatedKey *string) ([]T, *models.Pagination, error) {
	size := 10
	if pageSize != nil {
		size = *pageSize
	}
	start := 0
	if lastEvaluatedKey != nil {
		var key struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal([]byte(*lastEvaluatedKey), &key); err != nil || key.ID == "" {
			return nil, nil, &server.Error{Status: http.StatusUnprocessableEntity, Code: "validation-failed", Message: "the request does not match the contract",
				Details: []models.ErrorDetail{{Location: "query.lastEvaluatedKey", Code: "invalid", Message: "send back the previous page's lastEvaluatedKey unchanged"}}}
		}
		start = slices.IndexFunc(items, func(t T) bool { return id(t) == key.ID }) + 1
	}
	end := min(start+size, len(items))
	total := len(items)
	p := &models.Pagination{TotalItems: &total}
	if end < len(items) {
		p.LastEvaluatedKey = &map[string]any{"id": id(items[end-1])}
	}
	return items[start:end], p, nil
}

func ptr[T any](v T) *T { return &v }
