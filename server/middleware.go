package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/labstack/echo/v5"
)

// Skipper reports whether a middleware should let a request through untouched.
type Skipper func(c *echo.Context) bool

func noSkip(*echo.Context) bool { return false }

// RequestIDConfig configures RequestID.
type RequestIDConfig struct {
	// Skipper skips the middleware for some requests.
	Skipper Skipper
	// Header is the request and response header (X-Request-Id).
	Header string
	// Generator makes a new id (16 random bytes in hex).
	Generator func() string
}

// RequestID returns RequestIDWithConfig with the defaults.
func RequestID() echo.MiddlewareFunc { return RequestIDWithConfig(RequestIDConfig{}) }

// RequestIDWithConfig gives every request an id: the caller's X-Request-Id
// when it is a sane token (1-128 characters of letters, digits and "-_.:"),
// a new one otherwise. The id is echoed in the response header and reachable
// with RequestIDFrom(ctx).
func RequestIDWithConfig(cfg RequestIDConfig) echo.MiddlewareFunc {
	if cfg.Skipper == nil {
		cfg.Skipper = noSkip
	}
	if cfg.Header == "" {
		cfg.Header = echo.HeaderXRequestID
	}
	if cfg.Generator == nil {
		cfg.Generator = newRequestID
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			if cfg.Skipper(c) {
				return next(c)
			}
			r := c.Request()
			id := r.Header.Get(cfg.Header)
			if !validRequestID(id) {
				id = cfg.Generator()
			}
			c.Response().Header().Set(cfg.Header, id)
			c.SetRequest(r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
			return next(c)
		}
	}
}

type requestIDKey struct{}

// RequestIDFrom returns the request id RequestID gave the request ctx belongs
// to, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':') {
			return false
		}
	}
	return true
}

// AccessLogConfig configures AccessLog.
type AccessLogConfig struct {
	// Skipper skips the middleware for some requests.
	Skipper Skipper
	// Logger receives the lines (slog.Default() when nil).
	Logger *slog.Logger
}

// AccessLog returns AccessLogWithConfig with the defaults.
func AccessLog() echo.MiddlewareFunc { return AccessLogWithConfig(AccessLogConfig{}) }

// AccessLogWithConfig logs one line per request: method, route, operation,
// status, error code, user, request id and duration; at level Error for 5xx,
// Warn for 4xx and Info otherwise. An error from the handler is rendered by
// the Echo instance's HTTPErrorHandler first, so the line has the final
// status.
func AccessLogWithConfig(cfg AccessLogConfig) echo.MiddlewareFunc {
	if cfg.Skipper == nil {
		cfg.Skipper = noSkip
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			if cfg.Skipper(c) {
				return next(c)
			}
			log := cfg.Logger
			if log == nil {
				log = slog.Default()
			}
			start := time.Now()
			if err := next(c); err != nil {
				c.Echo().HTTPErrorHandler(c, err)
			}
			r := c.Request()
			status := 0
			if resp, _ := echo.UnwrapResponse(c.Response()); resp != nil {
				status = resp.Status
			}
			attrs := []slog.Attr{
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.String("route", c.Path()),
				slog.Int("status", status),
				slog.Duration("duration", time.Since(start)),
				slog.String("request_id", RequestIDFrom(r.Context())),
			}
			if op, ok := c.Get(ctxKeyOperation).(string); ok {
				attrs = append(attrs, slog.String("operation", op))
			}
			if code, ok := c.Get(ctxKeyErrorCode).(string); ok {
				attrs = append(attrs, slog.String("error", code))
			}
			if p, ok := PrincipalFrom(r.Context()); ok {
				attrs = append(attrs, slog.String("user", p.UserID))
			}
			level := slog.LevelInfo
			switch {
			case status >= 500:
				level = slog.LevelError
			case status >= 400:
				level = slog.LevelWarn
			}
			log.LogAttrs(r.Context(), level, "request", attrs...)
			return nil
		}
	}
}

// RecoverConfig configures Recover.
type RecoverConfig struct {
	// Skipper skips the middleware for some requests.
	Skipper Skipper
	// Logger receives the panic value and stack (slog.Default() when nil).
	Logger *slog.Logger
}

// Recover returns RecoverWithConfig with the defaults.
func Recover() echo.MiddlewareFunc { return RecoverWithConfig(RecoverConfig{}) }

// RecoverWithConfig turns a panic in a later handler into an error (answered
// with a 500 envelope) and logs its value and stack. Neither is sent to the
// client.
func RecoverWithConfig(cfg RecoverConfig) echo.MiddlewareFunc {
	if cfg.Skipper == nil {
		cfg.Skipper = noSkip
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) (err error) {
			if cfg.Skipper(c) {
				return next(c)
			}
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				log := cfg.Logger
				if log == nil {
					log = slog.Default()
				}
				r := c.Request()
				log.LogAttrs(r.Context(), slog.LevelError, "panic recovered",
					slog.String("request_id", RequestIDFrom(r.Context())),
					slog.String("method", r.Method),
					slog.String("path", r.URL.Path),
					slog.Any("panic", v),
					slog.String("stack", string(debug.Stack())),
				)
				err = &panicError{value: v}
			}()
			return next(c)
		}
	}
}
