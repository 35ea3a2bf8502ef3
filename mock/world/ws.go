package world

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"

	"github.com/talkamie/contract/gen/wsmsg"
	"github.com/talkamie/contract/internal/envelope"
	"github.com/talkamie/contract/internal/validate"
	"github.com/talkamie/contract/internal/wsconn"
	"github.com/talkamie/contract/internal/wsframe"
)

// session is one WebSocket connection: who it is authenticated as and which
// naming it uses.
type session struct {
	w    *World
	conn *wsconn.Conn

	mu     sync.Mutex
	user   string
	naming wsframe.Naming // the web client's aliases until the client shows otherwise
}

func (s *session) current() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.user
}

// signIn authenticates the session as user ("" signs it out), moving it
// among the world's users.
func (s *session) signIn(user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.w.users.Move(s, s.user, user)
	s.user = user
}

// wsConfig is the connection configuration: the options' limits, every
// origin allowed unless restricted (like the REST API's CORS).
func (w *World) wsConfig() wsconn.Config {
	c := w.cfg.ws
	if c.OriginPatterns == nil {
		c.OriginPatterns = []string{"*", "*://*"}
	}
	c.Logger = w.cfg.logger
	return c
}

// serveWebSocket upgrades the request and serves the connection until it
// closes.
func (w *World) serveWebSocket(rw http.ResponseWriter, r *http.Request) {
	if w.ctx.Err() != nil {
		w.writeError(rw, http.StatusServiceUnavailable, "shutting-down", "the mock is shutting down")
		return
	}
	conn, err := wsconn.Accept(rw, r, w.wsConfig())
	switch {
	case errors.Is(err, wsconn.ErrNotWebSocket):
		rw.Header().Set("Upgrade", "websocket")
		w.writeError(rw, http.StatusUpgradeRequired, "upgrade-required", "connect to "+w.cfg.wsPath+" with a WebSocket client")
		return
	case errors.Is(err, wsconn.ErrForbiddenOrigin):
		w.writeError(rw, http.StatusForbidden, "forbidden-origin", "this origin may not open a WebSocket")
		return
	case err != nil:
		w.cfg.logger.Warn("ws upgrade failed", slog.String("error", err.Error()))
		return
	}
	s := &session{w: w, conn: conn}
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	stop := context.AfterFunc(w.ctx, cancel)
	defer stop()
	conn.Serve(ctx, s.handle)
	s.signIn("")
}

// writeError answers a plain HTTP error in the contract's envelope.
func (w *World) writeError(rw http.ResponseWriter, status int, code, message string) {
	rw.Header().Set("Content-Type", "application/json")
	rw.WriteHeader(status)
	_, _ = rw.Write(w.m.ErrorBody(status, code, message))
}

// wsFail is a frame the world refuses, answered with an error frame.
type wsFail = envelope.Error

// failf returns the failure an action answers with.
func failf(status int, code, message string, details ...validate.Finding) *wsFail {
	return wsframe.Fail(status, code, message, details...)
}

// handle answers one client frame: its reply, or an error frame. The
// connection stays open either way.
func (s *session) handle(_ context.Context, _ *wsconn.Conn, data []byte) []slog.Attr {
	name, reply, fail := s.process(data)
	return wsframe.Answer(s.conn, name, s.current(), reply, fail)
}

// process validates a frame and runs its action. It returns the action as
// the client spelled it ("error" without one), the reply (nil for actions
// without one) or the failure.
func (s *session) process(data []byte) (string, []byte, *wsFail) {
	f, bad := wsframe.Parse(data, "mock")
	if bad != nil {
		return f.Name, nil, bad
	}
	name, action := f.Name, f.Action
	s.naming.Note(f)
	if bad := f.Authorize(s.current() != ""); bad != nil {
		return name, nil, bad
	}
	// The world reads numbers as float64.
	frame := plain(f.Fields).(obj)
	if fs := s.w.m.CheckSchema(f.Message.Name, frame, true, "body"); len(fs) > 0 {
		return name, nil, failf(http.StatusUnprocessableEntity, validate.CodeInvalid, "the frame does not match "+string(action), fs...)
	}
	run := wsActions[action]
	if run == nil {
		return name, nil, failf(http.StatusNotImplemented, "not-implemented", "the mock does not answer "+string(action))
	}
	var (
		reply      obj
		pagination obj
		fail       *wsFail
		replies    bool
	)
	now := stamp(s.w.cfg.now())
	s.w.locked(func(st *state) []push {
		var pushes []push
		reply, pagination, pushes, fail = run(st, s, frame, now)
		return pushes
	})
	if fail != nil {
		return name, nil, fail
	}
	if _, replies = wsmsg.Lookup(wsmsg.ServerToClient, action); !replies || noReply[action] {
		return name, nil, nil
	}
	out := obj{"action": string(action), "success": true, "statusCode": http.StatusOK}
	if reply != nil {
		out["data"] = reply
	}
	if pagination != nil {
		out["pagination"] = pagination
	}
	enc, err := s.w.encodeServerFrame(out, action)
	if err != nil {
		s.w.cfg.logger.Error("ws reply breaks the contract; not sent", slog.String("action", string(action)), slog.String("error", err.Error()))
		return name, nil, failf(http.StatusInternalServerError, "invalid-response", "the mock's reply breaks the contract")
	}
	return name, enc.Named(name), nil
}

// noReply lists client actions that share their name with a server frame
// that is not their reply (the signal relay goes to the peer).
var noReply = map[wsmsg.Action]bool{wsmsg.ActionCallSignal: true}

// encodeServerFrame validates a server frame against its message schema and
// encodes it. The frame is checked as a client decodes it (float64 numbers,
// []any), not as the world built it.
func (w *World) encodeServerFrame(frame obj, action wsmsg.Action) (wsframe.Outgoing, error) {
	msg, ok := wsmsg.Lookup(wsmsg.ServerToClient, action)
	if !ok {
		return wsframe.Outgoing{}, fmt.Errorf("%q is not a server-to-client action", action)
	}
	raw, err := json.Marshal(frame)
	if err != nil {
		return wsframe.Outgoing{}, err
	}
	var decoded any
	if err := json.Unmarshal(raw, &decoded); err != nil {
		return wsframe.Outgoing{}, err
	}
	if fs := w.m.CheckSchema(msg.Name, decoded, false, "body"); len(fs) > 0 {
		return wsframe.Outgoing{}, fmt.Errorf("%s breaks the contract: %s", msg.Name, fs[0])
	}
	return wsframe.NewOutgoing(action, raw), nil
}
