package server

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v5"

	"github.com/talkamie/contract/gen/restapi"
	"github.com/talkamie/contract/internal/envelope"
	"github.com/talkamie/contract/internal/validate"
)

// BasePath is the prefix every operation is served under.
const BasePath = "/v1"

// WebSocketPath is where the WebSocket channel is served.
const WebSocketPath = "/ws"

// ErrNoAuthenticator is returned by New without WithAuthenticator.
var ErrNoAuthenticator = errors.New("server: no authenticator: use WithAuthenticator")

// ErrNoImplementation is returned by New for a nil implementation.
var ErrNoImplementation = errors.New("server: nil implementation")

// server is what New builds around the implementation. It holds no
// per-request state.
type server struct {
	cfg config
	log *slog.Logger
	doc *openapi3.T
	val *validate.Validator
	env *envelope.Envelope
	hub *Hub
}

// New returns an Echo instance serving impl under /v1 with validation,
// authentication, the error envelope, panic recovery, request ids and access
// logs, plus /ws when WithWebSocket is given and CORS when WithCORS is. It
// fails without an Authenticator and with an invalid CORSConfig.
func New(impl restapi.StrictServerInterface, opts ...Option) (*echo.Echo, error) {
	if impl == nil {
		return nil, ErrNoImplementation
	}
	cfg := newConfig(opts)
	if cfg.auth == nil {
		return nil, ErrNoAuthenticator
	}
	ct, err := loadContract()
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	s := &server{cfg: cfg, log: cfg.logger, doc: ct.doc, env: ct.env}
	// Talkamie's web client toasts the 401 message: say it in the product's words.
	s.val = validate.New(validate.WithMaxBodyBytes(cfg.maxBody), validate.WithCredentialVerifier(s.verify),
		validate.WithUnauthorizedMessage("sign in to continue"))

	e := echo.New()
	e.Logger = cfg.logger
	e.HTTPErrorHandler = s.handleError
	e.Use(
		RequestID(),
		AccessLogWithConfig(AccessLogConfig{Logger: cfg.logger}),
		RecoverWithConfig(RecoverConfig{Logger: cfg.logger}),
	)
	if cfg.cors != nil {
		// Global middleware runs before the route's guard, so a preflight
		// (no token, no body) is answered before authentication and
		// validation, and every answer, errors included, carries the headers.
		cors, err := corsMiddleware(*cfg.cors)
		if err != nil {
			return nil, err
		}
		e.Use(cors)
	}

	guards := make(map[string][]echo.MiddlewareFunc, len(ct.routes))
	for id, route := range ct.routes {
		guards[id] = []echo.MiddlewareFunc{s.operation(route)}
	}
	// Every generated route must get its guard: a route without one would
	// skip validation and authentication.
	unguarded := 0
	e.OnAddRoute = func(r echo.Route) error {
		if len(r.Middlewares) == 0 {
			unguarded++
		}
		return nil
	}
	restapi.RegisterHandlersWithOptions(e, restapi.NewStrictHandler(impl, nil), restapi.RegisterHandlersOptions{
		BaseURL:              BasePath,
		OperationMiddlewares: guards,
	})
	e.OnAddRoute = nil
	if unguarded > 0 {
		return nil, fmt.Errorf("server: %d generated routes have no operation in the contract: run make gen", unguarded)
	}

	if cfg.wsHandler != nil {
		s.hub = cfg.hub
		if s.hub == nil {
			s.hub = NewHub()
		}
		s.hub.attach(s)
		e.GET(WebSocketPath, s.serveWebSocket)
	}
	return e, nil
}
