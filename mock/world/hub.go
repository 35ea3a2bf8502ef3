package world

import (
	"bytes"
	"log/slog"
	"strconv"
	"sync"

	"github.com/talkamie/contract/gen/wsmsg"
)

// push is a server frame for every connection of one user.
type push struct {
	user       string
	action     wsmsg.Action // canonical
	data       obj
	pagination obj
}

// hub knows the authenticated WebSocket sessions of each user.
type hub struct {
	mu    sync.RWMutex
	users map[string]map[*session]struct{}
}

func newHub() *hub { return &hub{users: map[string]map[*session]struct{}{}} }

func (h *hub) join(user string, s *session) {
	h.mu.Lock()
	defer h.mu.Unlock()
	set := h.users[user]
	if set == nil {
		set = map[*session]struct{}{}
		h.users[user] = set
	}
	set[s] = struct{}{}
}

func (h *hub) leave(user string, s *session) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if set := h.users[user]; set != nil {
		delete(set, s)
		if len(set) == 0 {
			delete(h.users, user)
		}
	}
}

// online reports whether a user has an authenticated connection.
func (h *hub) online(user string) bool {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.users[user]) > 0
}

// sessions returns a user's sessions.
func (h *hub) sessions(user string) []*session {
	h.mu.RLock()
	defer h.mu.RUnlock()
	out := make([]*session, 0, len(h.users[user]))
	for s := range h.users[user] {
		out = append(out, s)
	}
	return out
}

// count returns how many users and connections are online.
func (h *hub) count() (users, conns int) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for _, set := range h.users {
		conns += len(set)
	}
	return len(h.users), conns
}

// deliver validates each push against its message schema and queues it on
// every connection of its user, in the naming each connection uses. A push
// that breaks the contract is logged and dropped, never sent.
func (w *World) deliver(pushes []push) {
	for _, p := range pushes {
		targets := w.hub.sessions(p.user)
		if len(targets) == 0 {
			continue
		}
		frame := obj{"action": string(p.action), "success": true, "data": p.data}
		if p.pagination != nil {
			frame["pagination"] = p.pagination
		}
		enc, err := w.encodeServerFrame(frame, p.action)
		if err != nil {
			w.cfg.logger.Error("ws push breaks the contract; not sent", slog.String("action", string(p.action)), slog.String("error", err.Error()))
			continue
		}
		for _, s := range targets {
			s.conn.Send(enc.named(s.naming(p.action)), slog.String("action", string(p.action)), slog.String("kind", "push"))
		}
	}
}

// encoded is a validated server frame, ready in either naming.
type encoded struct {
	canonical []byte // json.Marshal of the frame's map: "action" is its first key
	action    wsmsg.Action
}

// named returns the frame with its action spelled name.
func (e *encoded) named(name string) []byte {
	prefix := `{"action":"` + string(e.action) + `"`
	if name == string(e.action) || !bytes.HasPrefix(e.canonical, []byte(prefix)) {
		return e.canonical
	}
	out := make([]byte, 0, len(e.canonical)+len(name))
	out = append(out, `{"action":`...)
	out = strconv.AppendQuote(out, name)
	return append(out, e.canonical[len(prefix):]...)
}
