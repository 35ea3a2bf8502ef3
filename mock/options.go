package mock

import (
	"log/slog"
	"time"
)

// Option configures a Mock.
type Option func(*config)

type config struct {
	logger     *slog.Logger
	minLatency time.Duration
	maxLatency time.Duration
	seed       int64
	basePath   *string
	origins    map[string]bool
	maxBody    int64
	responder  Responder
	maxDelay   time.Duration
}

func defaultConfig() config {
	return config{
		logger:   slog.New(slog.DiscardHandler),
		maxBody:  1 << 20,
		maxDelay: 30 * time.Second,
	}
}

// WithLogger logs one line per request (method, path, status, example,
// duration) and start-up warnings to l. The default discards them.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.logger = l
		}
	}
}

// WithLatency delays every API response by a uniformly random duration in
// [min, max]. A request's "Prefer: delay=<ms>" overrides it.
func WithLatency(min, max time.Duration) Option {
	return func(c *config) {
		if max < min {
			min, max = max, min
		}
		c.minLatency, c.maxLatency = min, max
	}
}

// WithSeed seeds the data generated for "Prefer: dynamic=true" and for
// responses without examples; the same seed and request give the same data.
func WithSeed(seed int64) Option { return func(c *config) { c.seed = seed } }

// WithBasePath serves the API under p instead of the path of the document's
// first server URL ("" serves it at the root).
func WithBasePath(p string) Option { return func(c *config) { c.basePath = &p } }

// WithWebOrigins restricts CORS to these origins (e.g.
// "http://localhost:3000"). By default any Origin is echoed, with credentials.
func WithWebOrigins(origins ...string) Option {
	return func(c *config) {
		c.origins = make(map[string]bool, len(origins))
		for _, o := range origins {
			c.origins[o] = true
		}
	}
}

// WithMaxBodyBytes sets the request body limit (413 above it; default 1 MiB).
func WithMaxBodyBytes(n int64) Option {
	return func(c *config) {
		if n > 0 {
			c.maxBody = n
		}
	}
}

// WithResponder replaces the example responder; responses it returns are
// validated against the contract before they are sent.
func WithResponder(r Responder) Option { return func(c *config) { c.responder = r } }
