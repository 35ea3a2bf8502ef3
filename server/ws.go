package server

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"sync"

	"github.com/labstack/echo/v5"
	"github.com/oapi-codegen/runtime"

	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/gen/wsmsg"
	"github.com/talkamie/contract/internal/validate"
	"github.com/talkamie/contract/internal/wsconn"
	"github.com/talkamie/contract/internal/wsframe"
)

// serveWebSocket upgrades GET /ws and serves the connection until it closes.
func (s *server) serveWebSocket(c *echo.Context) error {
	if s.hub.ctx.Err() != nil {
		return &Error{Status: http.StatusServiceUnavailable, Code: "shutting-down", Message: "the server is shutting down"}
	}
	conn, err := wsconn.Accept(c.Response(), c.Request(), s.cfg.wsconn())
	switch {
	case errors.Is(err, wsconn.ErrNotWebSocket):
		c.Response().Header().Set("Upgrade", "websocket")
		return &Error{Status: http.StatusUpgradeRequired, Code: CodeUpgradeRequired, Message: "connect to /ws with a WebSocket client"}
	case errors.Is(err, wsconn.ErrForbiddenOrigin):
		return &Error{Status: http.StatusForbidden, Code: CodeForbiddenOrigin, Message: "this origin may not open a WebSocket"}
	case err != nil:
		// The upgrade failed half-way; the WebSocket library answered.
		s.log.Warn("ws upgrade failed", slog.String("request_id", RequestIDFrom(c.Request().Context())), slog.String("error", err.Error()))
		return nil
	}
	ss := &session{s: s, conn: conn}
	ss.naming.SetCanonical(s.cfg.ws.Naming == CanonicalNaming)
	ctx, cancel := context.WithCancel(c.Request().Context())
	defer cancel()
	stop := context.AfterFunc(s.hub.ctx, cancel)
	defer stop()
	conn.Serve(ctx, ss.handle)
	ss.setPrincipal(nil)
	return nil
}

// session is one WebSocket connection's state: who it is authenticated as
// and which naming it uses.
type session struct {
	s    *server
	conn *wsconn.Conn
	// naming starts as the configured Naming until the client shows its own.
	naming wsframe.Naming

	mu        sync.Mutex
	principal *Principal
}

func (ss *session) current() *Principal {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.principal
}

// setPrincipal authenticates the connection as p (nil: none) and moves it in
// the hub.
func (ss *session) setPrincipal(p *Principal) {
	ss.mu.Lock()
	old := ss.principal
	ss.principal = p
	ss.mu.Unlock()
	var from, to string
	if old != nil {
		from = old.UserID
	}
	if p != nil {
		to = p.UserID
	}
	ss.s.hub.users.Move(ss, from, to)
}

// handle processes one client frame and answers it with its reply or an
// error frame.
func (ss *session) handle(ctx context.Context, _ *wsconn.Conn, data []byte) []slog.Attr {
	name, reply, fail := ss.process(ctx, data)
	user := ""
	if p := ss.current(); p != nil {
		user = p.UserID
	}
	if fail == nil {
		return wsframe.Answer(ss.conn, name, user, reply, nil)
	}
	if fail.cause != nil {
		ss.s.log.LogAttrs(ctx, slog.LevelError, "ws frame failed", slog.String("conn", ss.conn.ID()), slog.String("action", name), slog.String("error", fail.cause.Error()))
	}
	return wsframe.Answer(ss.conn, name, user, nil, &fail.Error)
}

// process validates and dispatches a frame. It returns the action as the
// client spelled it ("error" when there is none), the encoded reply (nil for
// actions without one) or the failure to answer with.
func (ss *session) process(ctx context.Context, data []byte) (string, []byte, *failure) {
	f, bad := wsframe.Parse(data, "server")
	if bad != nil {
		return f.Name, nil, &failure{Error: *bad}
	}
	name, action := f.Name, f.Action
	ss.naming.Note(f)
	principal := ss.current()
	if bad := f.Authorize(principal != nil); bad != nil {
		return name, nil, &failure{Error: *bad}
	}
	canonical, _ := json.Marshal(f.Fields)
	if fs := ss.s.frameFindings(f.Message.Name, canonical, true); len(fs) > 0 {
		return name, nil, &failure{Error: *wsframe.Fail(http.StatusUnprocessableEntity, validate.CodeInvalid, "the frame does not match the contract", fs...)}
	}
	frame := f.Message.New()
	// Bind the validated value by exact member names, like REST bodies.
	if err := runtime.BindJSONValue(f.Fields, frame); err != nil {
		return name, nil, &failure{Error: *wsframe.Fail(http.StatusBadRequest, validate.CodeMalformed, "the frame cannot be read",
			validate.Finding{Location: "body", Code: "malformed", Message: "the frame does not fit its message type"})}
	}

	var (
		reply any
		err   error
	)
	if principal != nil {
		ctx = context.WithValue(ctx, principalKey{}, principal)
	}
	switch f := frame.(type) {
	case *models.WsAuthenticate:
		reply, err = ss.authenticate(ctx, f)
	default:
		reply, err = wsmsg.Dispatch(ctx, ss.s.cfg.wsHandler, frame)
		if action == wsmsg.ActionPing && errors.Is(err, wsmsg.ErrNotImplemented) {
			reply, err = &models.WsPingReply{Action: models.WsPingReplyAction(wsmsg.ActionPing), Success: true}, nil
		}
	}
	if err != nil {
		f := classify(err)
		return name, nil, &f
	}
	if reply == nil {
		return name, nil, nil
	}
	out, err := ss.encodeReply(reply, action, name)
	if err != nil {
		f := classify(err)
		return name, nil, &f
	}
	return name, out, nil
}

// authenticate checks the token with the Authenticator, lets the handler build
// the reply, and only then marks the connection authenticated.
func (ss *session) authenticate(ctx context.Context, f *models.WsAuthenticate) (any, error) {
	if isNoToken(f.Token) {
		return nil, &Error{Status: http.StatusUnauthorized, Code: validate.CodeUnauthorized, Message: "sign in to continue",
			Details: []models.ErrorDetail{{Location: "body.token", Code: "missing-token", Message: "a token is required"}}}
	}
	p, err := ss.s.cfg.auth.Authenticate(ctx, f.Token)
	if errors.Is(err, ErrUnauthenticated) {
		return nil, &Error{Status: http.StatusUnauthorized, Code: validate.CodeUnauthorized, Message: "sign in to continue",
			Details: []models.ErrorDetail{{Location: "body.token", Code: "invalid-token", Message: "the token is unknown or expired"}}}
	}
	if err != nil {
		return nil, err
	}
	reply, err := ss.s.cfg.wsHandler.Authenticate(context.WithValue(ctx, principalKey{}, &p), f)
	if errors.Is(err, wsmsg.ErrNotImplemented) {
		status := http.StatusOK
		reply, err = &models.WsAuthenticateReply{Action: models.WsAuthenticateReplyAction(wsmsg.ActionAuthenticate), Success: true, StatusCode: &status}, nil
	}
	if err != nil {
		return nil, err
	}
	ss.setPrincipal(&p)
	return reply, nil
}

// encodeReply marshals a handler's reply with the action of the frame it
// answers, in the naming that frame used, validating it when response
// validation is on.
func (ss *session) encodeReply(reply any, action wsmsg.Action, name string) ([]byte, error) {
	data, err := json.Marshal(reply)
	if err != nil {
		return nil, err
	}
	out, err := ss.s.encodeServerFrame(data, action)
	if err != nil {
		return nil, err
	}
	return out.Named(name), nil
}
