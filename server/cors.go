package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v5"
)

// ErrInvalidCORS is wrapped by the error New returns for a CORSConfig it
// cannot serve safely.
var ErrInvalidCORS = errors.New("server: invalid cors configuration")

// DefaultCORSMaxAge is how long, in seconds, a browser may cache a preflight
// answer when CORSConfig.MaxAge is zero.
const DefaultCORSMaxAge = 600

// CORSConfig configures cross-origin access for browser clients. The Talkamie
// web client runs on another origin than the API, sends credentials (axios
// withCredentials) and custom headers, so the browser asks before every call
// with a preflight OPTIONS request, which carries no token.
type CORSConfig struct {
	// Skipper skips CORS for some requests.
	Skipper Skipper
	// AllowOrigins lists the origins trusted to call the API from a browser,
	// exactly as browsers send them: scheme, host and port, no path or
	// trailing slash ("https://app.talkamie.com", "http://localhost:3000").
	// Matching ignores case; the answer echoes the request's Origin. Required:
	// "*" is refused, because the web client sends credentials.
	AllowOrigins []string
	// AllowHeaders lists the request headers a browser may send
	// (CORSAllowHeaders() when empty).
	AllowHeaders []string
	// ExposeHeaders lists the response headers the page's scripts may read
	// besides the CORS-safelisted ones (none by default; "X-Request-Id" helps
	// support tickets).
	ExposeHeaders []string
	// MaxAge is how long, in seconds, a browser may cache a preflight answer
	// (DefaultCORSMaxAge when zero; negative sends 0, which turns caching off).
	MaxAge int
}

// CORSAllowHeaders returns the request headers the web client sends on API
// calls: Authorization, Content-Type and Accept on every call,
// x-user-timezone-offset on every call and x-auth-provider on SSO sign-in.
func CORSAllowHeaders() []string {
	return []string{"Authorization", "Content-Type", "Accept", "x-user-timezone-offset", "x-auth-provider"}
}

// WithCORS answers cross-origin requests from the origins in cfg.AllowOrigins:
// it echoes the origin with Access-Control-Allow-Credentials: true on every
// answer (errors included, so the client can read the envelope), and answers
// a preflight OPTIONS on any path with 204 before authentication and
// validation run, listing the path's methods and the allowed headers.
// Requests from other origins are served without CORS headers, so browsers
// refuse to show them to the page. Without this option no origin is trusted.
// WebSocket upgrades on /ws are checked against
// WebSocketConfig.OriginPatterns, not AllowOrigins.
func WithCORS(cfg CORSConfig) Option {
	return func(c *config) { c.cors = &cfg }
}

// cors is the middleware WithCORS installs, with its configuration checked
// and its header values joined once.
type cors struct {
	skipper       Skipper
	origins       []string
	allowHeaders  string
	exposeHeaders string
	maxAge        string
}

// corsMiddleware checks cfg and returns the middleware that applies it.
func corsMiddleware(cfg CORSConfig) (echo.MiddlewareFunc, error) {
	if len(cfg.AllowOrigins) == 0 {
		return nil, fmt.Errorf("%w: no allowed origin: list the web client's origins", ErrInvalidCORS)
	}
	for _, o := range cfg.AllowOrigins {
		if err := checkOrigin(o); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalidCORS, err)
		}
	}
	headers := cfg.AllowHeaders
	if len(headers) == 0 {
		headers = CORSAllowHeaders()
	}
	maxAge := cfg.MaxAge
	if maxAge == 0 {
		maxAge = DefaultCORSMaxAge
	}
	c := &cors{
		skipper:       cfg.Skipper,
		origins:       slices.Clone(cfg.AllowOrigins),
		allowHeaders:  strings.Join(headers, ", "),
		exposeHeaders: strings.Join(cfg.ExposeHeaders, ", "),
		maxAge:        strconv.Itoa(max(maxAge, 0)),
	}
	if c.skipper == nil {
		c.skipper = noSkip
	}
	return c.middleware, nil
}

// checkOrigin accepts an origin as browsers serialize it: scheme and host
// (with an optional port), nothing else.
func checkOrigin(o string) error {
	if o == "*" {
		return errors.New(`origin "*" cannot be trusted with credentials: list the origins`)
	}
	u, err := url.Parse(o)
	if err != nil || u.Scheme == "" || u.Host == "" || !strings.EqualFold(u.Scheme+"://"+u.Host, o) {
		return fmt.Errorf("origin %q is not scheme://host[:port]", o)
	}
	return nil
}

func (co *cors) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		if co.skipper(c) {
			return next(c)
		}
		r := c.Request()
		h := c.Response().Header()
		// Caches must not serve one origin's answer to another.
		h.Add(echo.HeaderVary, echo.HeaderOrigin)
		origin := r.Header.Get(echo.HeaderOrigin)
		if origin == "" || !co.allowed(origin) {
			// Not a browser, or an origin nobody trusted: served as if CORS
			// were off, so the browser hides the answer from the page.
			return next(c)
		}
		h.Set(echo.HeaderAccessControlAllowOrigin, origin)
		h.Set(echo.HeaderAccessControlAllowCredentials, "true")
		method := r.Header.Get(echo.HeaderAccessControlRequestMethod)
		if r.Method != http.MethodOptions || method == "" {
			if co.exposeHeaders != "" {
				h.Set(echo.HeaderAccessControlExposeHeaders, co.exposeHeaders)
			}
			return next(c)
		}
		// A preflight: answered here, before the route's guard, since it
		// carries no token and no body.
		h.Add(echo.HeaderVary, echo.HeaderAccessControlRequestMethod)
		h.Add(echo.HeaderVary, echo.HeaderAccessControlRequestHeaders)
		methods, _ := c.Get(echo.ContextKeyHeaderAllow).(string)
		if methods == "" && isStandardMethod(method) {
			// A path the API does not have: let the request come, so the
			// page can read the 404 envelope instead of a network error.
			methods = method
		}
		if methods != "" {
			h.Set(echo.HeaderAccessControlAllowMethods, methods)
		}
		h.Set(echo.HeaderAccessControlAllowHeaders, co.allowHeaders)
		h.Set(echo.HeaderAccessControlMaxAge, co.maxAge)
		return c.NoContent(http.StatusNoContent)
	}
}

// isStandardMethod reports whether a preflight for a path the API does not
// have may be told to go on with method (anything else is not echoed back).
func isStandardMethod(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

// allowed reports whether origin is one of the trusted origins (ignoring
// case, as hosts do).
func (co *cors) allowed(origin string) bool {
	for _, o := range co.origins {
		if strings.EqualFold(o, origin) {
			return true
		}
	}
	return false
}
