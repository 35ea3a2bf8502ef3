package server

import (
	"log/slog"
	"time"

	"github.com/talkamie/contract/gen/wsmsg"
	"github.com/talkamie/contract/internal/validate"
	"github.com/talkamie/contract/internal/wsconn"
)

// Option configures New and ListenAndServe. Options that do not concern a
// function are ignored by it, so one list can serve both.
type Option func(*config)

// WebSocketConfig configures the /ws endpoint. Zero fields take the defaults
// noted on each.
type WebSocketConfig struct {
	// MaxFrameBytes is the largest frame a client may send (64 KiB); a larger
	// one closes the connection with status 1009.
	MaxFrameBytes int64
	// SendQueue is how many frames may wait for one slow client (64); a client
	// whose queue is full is disconnected rather than slowing the server.
	SendQueue int
	// IdleTimeout closes a connection that sent nothing for this long (10
	// minutes; the web client pings every 8).
	IdleTimeout time.Duration
	// WriteTimeout bounds writing one frame (10 seconds).
	WriteTimeout time.Duration
	// OriginPatterns lists the browser origins allowed besides the API's own
	// host, e.g. "app.talkamie.com" or "*.talkamie.com" (path.Match syntax).
	OriginPatterns []string
	// Naming is how pushes are named before a connection has shown its own
	// naming (ClientNaming by default, since the web client only understands
	// its aliases).
	Naming Naming
}

// Naming is how a WebSocket connection names actions.
type Naming uint8

// The namings a connection may use.
const (
	// ClientNaming uses the web client's kebab-case aliases ("send-message")
	// where an action has one.
	ClientNaming Naming = iota
	// CanonicalNaming uses the contract's dotted names ("chat.message.send").
	CanonicalNaming
)

// Timeouts are the http.Server timeouts ListenAndServe and NewHTTPServer use.
type Timeouts struct {
	// ReadHeader bounds reading the request headers (5 s).
	ReadHeader time.Duration
	// Read bounds reading a whole request (30 s).
	Read time.Duration
	// Write bounds writing the response (30 s).
	Write time.Duration
	// Idle bounds keep-alive idleness between requests (120 s).
	Idle time.Duration
	// Shutdown bounds the graceful shutdown once the context is done (15 s).
	Shutdown time.Duration
}

// DefaultTimeouts returns the timeouts used without WithTimeouts.
func DefaultTimeouts() Timeouts {
	return Timeouts{
		ReadHeader: 5 * time.Second,
		Read:       30 * time.Second,
		Write:      30 * time.Second,
		Idle:       120 * time.Second,
		Shutdown:   15 * time.Second,
	}
}

type config struct {
	auth             Authenticator
	logger           *slog.Logger
	validateResponse bool
	maxBody          int64
	wsHandler        wsmsg.Handler
	hub              *Hub
	ws               WebSocketConfig
	timeouts         Timeouts
	cors             *CORSConfig
}

func newConfig(opts []Option) config {
	cfg := config{maxBody: validate.DefaultMaxBodyBytes, timeouts: DefaultTimeouts()}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.logger == nil {
		cfg.logger = slog.New(slog.DiscardHandler)
	}
	return cfg
}

func (c config) wsconn() wsconn.Config {
	return wsconn.Config{
		MaxFrameBytes:  c.ws.MaxFrameBytes,
		SendQueue:      c.ws.SendQueue,
		IdleTimeout:    c.ws.IdleTimeout,
		WriteTimeout:   c.ws.WriteTimeout,
		OriginPatterns: c.ws.OriginPatterns,
		Logger:         c.logger,
	}
}

// WithAuthenticator sets how bearer tokens (REST) and authenticate frames
// (WebSocket) are checked. New fails without one: the contract protects most
// operations.
func WithAuthenticator(a Authenticator) Option {
	return func(c *config) { c.auth = a }
}

// WithLogger sets the structured logger: one line per request and per
// WebSocket frame, and the stack of recovered panics. Without it nothing is
// logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.logger = l }
}

// WithResponseValidation validates every response of the implementation (and
// every WebSocket reply and push) against the contract. A response that breaks
// it is replaced by a 500 envelope (error "invalid-response") whose details say
// what is wrong. Turn it on in tests and development; it costs a buffered copy
// and a schema walk per response.
func WithResponseValidation(on bool) Option {
	return func(c *config) { c.validateResponse = on }
}

// WithMaxBodyBytes sets the request body limit (1 MiB by default); larger
// bodies are answered with 413.
func WithMaxBodyBytes(n int64) Option {
	return func(c *config) {
		if n > 0 {
			c.maxBody = n
		}
	}
}

// WithWebSocket serves the WebSocket channel on /ws with h handling the
// client actions. Embed wsmsg.UnimplementedHandler to build it one action at a
// time; authenticate and ping work without implementing them.
func WithWebSocket(h wsmsg.Handler, cfg WebSocketConfig) Option {
	return func(c *config) {
		c.wsHandler = h
		c.ws = cfg
	}
}

// WithHub makes the WebSocket endpoint register connections in hub, so the
// implementation (which holds the same hub) can push frames to users. Pass it
// to ListenAndServe too: its connections are then closed on shutdown. Without
// it New uses a hub of its own.
func WithHub(hub *Hub) Option {
	return func(c *config) { c.hub = hub }
}

// WithTimeouts sets the HTTP server timeouts of ListenAndServe and
// NewHTTPServer; zero fields keep DefaultTimeouts.
func WithTimeouts(t Timeouts) Option {
	return func(c *config) {
		for _, p := range []struct{ dst, src *time.Duration }{
			{&c.timeouts.ReadHeader, &t.ReadHeader}, {&c.timeouts.Read, &t.Read},
			{&c.timeouts.Write, &t.Write}, {&c.timeouts.Idle, &t.Idle}, {&c.timeouts.Shutdown, &t.Shutdown},
		} {
			if *p.src > 0 {
				*p.dst = *p.src
			}
		}
	}
}
