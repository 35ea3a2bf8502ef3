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
)

// ErrInvalidFrame is wrapped by Hub.Push for a frame that is not a
// server-to-client message of the contract, or (with response validation on)
// breaks its schema.
var ErrInvalidFrame = errors.New("invalid websocket frame")

// Hub knows every authenticated WebSocket connection by user id and pushes
// frames to them. Create it with NewHub, give it to New with WithHub, and keep
// it in the implementation to push. It is safe for concurrent use.
type Hub struct {
	mu    sync.RWMutex
	users map[string]map[*session]struct{}
	srv   *server

	ctx    context.Context
	cancel context.CancelFunc
}

// NewHub returns an empty hub.
func NewHub() *Hub {
	ctx, cancel := context.WithCancel(context.Background())
	return &Hub{users: map[string]map[*session]struct{}{}, ctx: ctx, cancel: cancel}
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

func (h *Hub) join(userID string, ss *session) {
	h.mu.Lock()
	defer h.mu.Unlock()
	set := h.users[userID]
	if set == nil {
		set = map[*session]struct{}{}
		h.users[userID] = set
	}
	set[ss] = struct{}{}
}

func (h *Hub) leave(userID string, ss *session) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if set := h.users[userID]; set != nil {
		delete(set, ss)
		if len(set) == 0 {
			delete(h.users, userID)
		}
	}
}

// Connections returns how many authenticated connections a user has.
func (h *Hub) Connections(userID string) int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.users[userID])
}

// Push sends a server frame (a server-to-client model such as
// *models.WsChatMessageNew, with its canonical action) to every connection of
// a user, each in the naming that connection uses. It never blocks: a
// connection too slow to take the frame is dropped. It returns how many
// connections the frame was queued on.
func (h *Hub) Push(userID string, frame any) (int, error) {
	f, err := h.encode(frame)
	if err != nil {
		return 0, err
	}
	h.mu.RLock()
	targets := make([]*session, 0, len(h.users[userID]))
	for ss := range h.users[userID] {
		targets = append(targets, ss)
	}
	h.mu.RUnlock()
	n := 0
	for _, ss := range targets {
		if ss.conn.Send(f.bytes(ss.naming()), slog.String("action", string(f.action)), slog.String("kind", "push")) {
			n++
		}
	}
	return n, nil
}

// Close closes every connection served with this hub (status 1001, going
// away) and refuses new ones; ListenAndServe calls it on shutdown.
func (h *Hub) Close() { h.cancel() }

// encoded is a server frame ready to send in either naming.
type encoded struct {
	action    wsmsg.Action
	fields    map[string]json.RawMessage
	canonical []byte
}

// bytes returns the frame named for a connection: the action's client alias
// under ClientNaming, its canonical name otherwise.
func (e *encoded) bytes(n Naming) []byte {
	aliases := e.action.Aliases()
	if n == CanonicalNaming || len(aliases) == 0 {
		return e.canonical
	}
	return e.named(aliases[0])
}

func (e *encoded) named(name string) []byte {
	if name == string(e.action) {
		return e.canonical
	}
	fields := make(map[string]json.RawMessage, len(e.fields))
	for k, v := range e.fields {
		fields[k] = v
	}
	fields["action"], _ = json.Marshal(name)
	out, err := json.Marshal(fields)
	if err != nil {
		return e.canonical
	}
	return out
}

// encode marshals a server frame, checks its action and, with response
// validation on, its schema.
func (h *Hub) encode(frame any) (*encoded, error) {
	data, err := json.Marshal(frame)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidFrame, err)
	}
	return encodeServerFrame(h.server(), data)
}

func encodeServerFrame(s *server, data []byte) (*encoded, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil || fields == nil {
		return nil, fmt.Errorf("%w: a frame must encode as a JSON object", ErrInvalidFrame)
	}
	var name string
	_ = json.Unmarshal(fields["action"], &name)
	action, ok := wsmsg.Canonical(name)
	if !ok {
		return nil, fmt.Errorf("%w: unknown action %q", ErrInvalidFrame, name)
	}
	msg, ok := wsmsg.Lookup(wsmsg.ServerToClient, action)
	if !ok {
		return nil, fmt.Errorf("%w: %q is not a server-to-client action", ErrInvalidFrame, name)
	}
	e := &encoded{action: action, fields: fields, canonical: data}
	if name != string(action) {
		e.canonical = e.named(string(action))
		fields["action"], _ = json.Marshal(string(action))
	}
	if s != nil && s.cfg.validateResponse {
		if fs := s.frameFindings(msg.Name, e.canonical, false); len(fs) > 0 {
			return nil, &frameError{message: msg.Name, findings: fs}
		}
	}
	return e, nil
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
