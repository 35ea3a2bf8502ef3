package client

import (
	"context"
	"net/http"
	"time"

	"github.com/talkamie/contract/gen/models"
)

// TokenSource returns the bearer token to send with a request. It is called for
// every REST request and every WebSocket (re)authentication, so it can hand out
// a rotated token; an error aborts the request.
type TokenSource func(ctx context.Context) (string, error)

// Option configures a Client (New) or a WSConn (DialWS). Options that only make
// sense on one side are ignored by the other.
type Option func(*config)

// FrameHandler receives the server frames a WSConn does not hand to a pending
// Call: pushes, and acknowledgements of frames sent with Send.
type FrameHandler func(ctx context.Context, f Frame)

type config struct {
	token      TokenSource
	timezone   *int
	httpClient *http.Client
	userAgent  string

	retries int
	backoff time.Duration

	pingFirst        time.Duration
	pingEvery        time.Duration
	callTimeout      time.Duration
	reconnect        bool
	reconnectBackoff time.Duration
	reconnectMax     time.Duration
	readLimit        int64
	frameBuffer      int
	frameHandler     FrameHandler
	onAuthenticated  func(*models.FullUser)
}

func newConfig(opts []Option) config {
	c := config{
		pingFirst:        2 * time.Second,
		pingEvery:        8 * time.Minute,
		callTimeout:      30 * time.Second,
		reconnect:        true,
		reconnectBackoff: 500 * time.Millisecond,
		reconnectMax:     30 * time.Second,
		readLimit:        4 << 20,
		frameBuffer:      64,
		userAgent:        "talkamie-go-client",
	}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.httpClient == nil {
		c.httpClient = &http.Client{}
	}
	return c
}

// WithToken sends token as `Authorization: Bearer <token>` on every REST call
// and as the `authenticate` frame's token on the WebSocket.
func WithToken(token string) Option {
	return WithTokenSource(func(context.Context) (string, error) { return token, nil })
}

// WithTokenSource asks ts for the bearer token before every REST call and every
// WebSocket authentication. An empty token sends no Authorization header.
func WithTokenSource(ts TokenSource) Option {
	return func(c *config) { c.token = ts }
}

// WithTimezoneOffset sends `x-user-timezone-offset: <minutes>` on every REST
// call that does not set it in its params. minutes has the sign of JavaScript's
// Date#getTimezoneOffset: UTC+1 is -60, UTC-5 is 300.
func WithTimezoneOffset(minutes int) Option {
	return func(c *config) { c.timezone = &minutes }
}

// WithHTTPClient makes REST calls and the WebSocket handshake through hc
// instead of a zero http.Client.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) { c.httpClient = hc }
}

// WithUserAgent sets the User-Agent header of REST calls and of the WebSocket
// handshake.
func WithUserAgent(ua string) Option {
	return func(c *config) { c.userAgent = ua }
}

// WithRetries retries an idempotent REST call (GET, HEAD, OPTIONS, PUT, DELETE;
// never POST) up to n more times when the request fails at the network level or
// the server answers 429 or a 5xx other than 501. The wait before retry i
// (from 0) is about backoff·2^i, with jitter, or the server's Retry-After when
// it sends one (up to one minute; a longer Retry-After is not waited for). The
// wait ends early, with the context's error, when the context is done, and a
// wait that would outlive the context's deadline is not started.
func WithRetries(n int, backoff time.Duration) Option {
	return func(c *config) {
		c.retries = max(n, 0)
		c.backoff = max(backoff, 0)
	}
}

// WithPingInterval sets when a WSConn pings: first after a successful
// authentication (default 2 s, as the web client), then every after each ping
// reply (default 8 minutes, inside API Gateway's 10-minute idle timeout). A
// ping that is not answered within the call timeout closes the connection,
// which then reconnects.
// A zero or negative every disables pings.
func WithPingInterval(first, every time.Duration) Option {
	return func(c *config) {
		c.pingFirst = max(first, 0)
		c.pingEvery = every
	}
}

// WithCallTimeout bounds how long a WSConn waits for an acknowledgement
// (Call, authenticate, ping) when the caller's context has no earlier deadline.
// The default is 30 s.
func WithCallTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.callTimeout = d
		}
	}
}

// WithReconnect sets the backoff a WSConn uses to redial after the connection
// drops: it waits about base, then doubles up to maxWait, with jitter. Every new
// connection is authenticated again. enabled false makes a dropped connection
// final (Done is closed).
func WithReconnect(enabled bool, base, maxWait time.Duration) Option {
	return func(c *config) {
		c.reconnect = enabled
		if base > 0 {
			c.reconnectBackoff = base
		}
		if maxWait > 0 {
			c.reconnectMax = maxWait
		}
	}
}

// WithFrameHandler hands server frames that answer no pending Call to h, on
// the connection's reading goroutine (h must not block for long, and must not
// Call on the same WSConn), instead of to the Frames channel.
func WithFrameHandler(h FrameHandler) Option {
	return func(c *config) { c.frameHandler = h }
}

// WithFrameBuffer sets the capacity of the Frames channel (default 64). A full
// channel blocks reading, so a caller that uses Frames must drain it.
func WithFrameBuffer(n int) Option {
	return func(c *config) { c.frameBuffer = max(n, 0) }
}

// WithOnAuthenticated calls f with the signed-in user after every successful
// authentication of a WSConn, the first and each one after a reconnect.
func WithOnAuthenticated(f func(*models.FullUser)) Option {
	return func(c *config) { c.onAuthenticated = f }
}

// WithReadLimit sets the largest WebSocket message a WSConn accepts, in bytes
// (default 4 MiB).
func WithReadLimit(n int64) Option {
	return func(c *config) {
		if n > 0 {
			c.readLimit = n
		}
	}
}
