package world

import (
	"log/slog"
	"strings"
	"time"

	"github.com/talkamie/contract/internal/wsconn"
	"github.com/talkamie/contract/mock"
)

// Option configures a World.
type Option func(*config)

type config struct {
	mockOpts  []mock.Option
	webOrigin string
	wsPath    string
	ws        wsconn.Config
	logger    *slog.Logger
	now       func() time.Time
}

func defaultConfig() config {
	return config{wsPath: "/ws", logger: slog.New(slog.DiscardHandler), now: time.Now}
}

// WithMockOptions passes options to the underlying validating mock (logger,
// latency, seed, base path, CORS origins, body limit). WithResponder is
// ignored: the world is the responder.
func WithMockOptions(opts ...mock.Option) Option {
	return func(c *config) { c.mockOpts = append(c.mockOpts, opts...) }
}

// WithWebOrigin is where the checkout page sends the browser back to
// ("http://localhost:3000" gives http://localhost:3000/checkout/success?
// transactionId=...). By default it is the Origin of the request that
// created the session, or else the mock itself, which serves small
// /checkout/success and /checkout/cancel pages.
func WithWebOrigin(origin string) Option { return func(c *config) { c.webOrigin = origin } }

// WithWebSocketPath serves the WebSocket channel at p instead of /ws.
func WithWebSocketPath(p string) Option {
	return func(c *config) {
		if p != "" {
			c.wsPath = "/" + strings.Trim(p, "/")
		}
	}
}

// WithFrameLimit sets the largest WebSocket frame read (default 64 KiB); a
// larger one closes that connection with status 1009.
func WithFrameLimit(n int64) Option { return func(c *config) { c.ws.MaxFrameBytes = n } }

// WithSendQueue sets how many frames may wait for a slow WebSocket client
// (default 64); a client whose queue overflows is dropped.
func WithSendQueue(n int) Option { return func(c *config) { c.ws.SendQueue = n } }

// WithIdleTimeout closes WebSocket connections that send nothing for d
// (default 10 minutes, like API Gateway).
func WithIdleTimeout(d time.Duration) Option { return func(c *config) { c.ws.IdleTimeout = d } }

// WithOriginPatterns lists the cross-origin hosts allowed to open the
// WebSocket (path.Match patterns such as "localhost:*"); the mock's own
// host is always allowed. By default every origin is allowed, like the REST
// API's CORS.
func WithOriginPatterns(patterns ...string) Option {
	return func(c *config) { c.ws.OriginPatterns = patterns }
}

// WithLogger logs one line per WebSocket frame and connection, and the
// world's own events, to l.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.logger = l
		}
	}
}

// WithClock sets the world's clock (timestamps of new messages,
// transactions, calls). The default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}
