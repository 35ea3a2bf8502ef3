package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/talkamie/contract/gen/wsmsg"
	"github.com/talkamie/contract/internal/validate"
	"github.com/talkamie/contract/internal/wsconn"
	"github.com/talkamie/contract/internal/wsframe"
)

// ErrInvalidFrame is wrapped by Hub.Push for a frame that is not a
// server-to-client message of the contract, or (with response validation on)
// breaks its schema.
var ErrInvalidFrame = errors.New("invalid websocket frame")

// Hub knows every authenticated WebSocket connection by user id and pushes
// frames to them. Create it with NewHub, give it to New with WithHub, and keep
// it in the implementation to push. It is safe for concurrent use.
type Hub struct {
	users wsconn.Users[*session]

	mu  sync.RWMutex
	srv *server

	ctx    context.Context
	cancel context.CancelFunc
}

// NewHub returns an empty hub.
func NewHub() *Hub {
	ctx, cancel := context.WithCancel(context.Background())
	return &Hub{ctx: ctx, cancel: cancel}
}

func (h *Hub) attach(s *server) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.srv = s
}

func (h *Hub) server() *server {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.srv
}

// Connections returns how many authenticated connections a user has.
func (h *Hub) Connections(userID string) int { return h.users.Count(userID) }

// Push sends a server frame (a server-to-client model such as
// *models.WsChatMessageNew, with its canonical action) to every connection of
// a user, each in the naming that connection uses. It never blocks: a
// connection too slow to take the frame is dropped. It returns how many
// connections the frame was queued on.
func (h *Hub) Push(userID string, frame any) (int, error) {
	data, err := json.Marshal(frame)
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrInvalidFrame, err)
	}
	out, err := h.server().encodeServerFrame(data, "")
	if err != nil {
		return 0, err
	}
	n := 0
	for _, ss := range h.users.Of(userID) {
		if ss.conn.Send(out.For(&ss.naming), slog.String("action", string(out.Action)), slog.String("kind", "push")) {
			n++
		}
	}
	return n, nil
}

// Close closes every connection served with this hub (status 1001, going
// away) and refuses new ones; ListenAndServe calls it on shutdown.
func (h *Hub) Close() { h.cancel() }

// encodeServerFrame checks a marshalled server frame: a JSON object whose
// action (force, when not empty, else the frame's own, possibly an alias) is
// a server-to-client action of the contract, and, with response validation
// on, its schema. s may be nil (a hub not yet given to New): nothing to
// validate with.
func (s *server) encodeServerFrame(data []byte, force wsmsg.Action) (wsframe.Outgoing, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil || fields == nil {
		return wsframe.Outgoing{}, fmt.Errorf("%w: a frame must encode as a JSON object", ErrInvalidFrame)
	}
	name := string(force)
	if name == "" {
		_ = json.Unmarshal(fields["action"], &name)
	}
	action, ok := wsmsg.Canonical(name)
	if !ok {
		return wsframe.Outgoing{}, fmt.Errorf("%w: unknown action %q", ErrInvalidFrame, name)
	}
	msg, ok := wsmsg.Lookup(wsmsg.ServerToClient, action)
	if !ok {
		return wsframe.Outgoing{}, fmt.Errorf("%w: %q is not a server-to-client action", ErrInvalidFrame, name)
	}
	out := wsframe.NewOutgoing(action, data)
	if s != nil && s.cfg.validateResponse {
		if fs := s.frameFindings(msg.Name, out.Canonical(), false); len(fs) > 0 {
			return wsframe.Outgoing{}, &frameError{message: msg.Name, findings: fs}
		}
	}
	return out, nil
}

// frameError is a server frame that breaks its message schema.
type frameError struct {
	message  string
	findings []validate.Finding
}

func (e *frameError) Error() string {
	s := fmt.Sprintf("%v: %s breaks the contract:", ErrInvalidFrame, e.message)
	for _, f := range e.findings {
		s += " " + f.String() + ";"
	}
	return s
}

// Unwrap makes errors.Is(err, ErrInvalidFrame) hold.
func (e *frameError) Unwrap() error { return ErrInvalidFrame }

// frameFindings validates a frame against the component schema of its
// message.
func (s *server) frameFindings(message string, frame []byte, asRequest bool) []validate.Finding {
	ref := s.doc.Components.Schemas[message]
	if ref == nil || ref.Value == nil {
		return []validate.Finding{{Location: "body", Code: "unknown-message", Message: "the contract has no schema for this message"}}
	}
	var v any
	if err := json.Unmarshal(frame, &v); err != nil {
		return []validate.Finding{validate.MalformedJSON(frame)}
	}
	return validate.Sort(s.val.Value(ref.Value, v, asRequest, "body"))
}
