package world

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/talkamie/contract/internal/wsconn"
	"github.com/talkamie/contract/mock"
)

// World is the living mock: a validating mock.Mock whose answers come from
// an in-memory world, plus the WebSocket channel, the checkout pages and the
// /__mock control endpoints. It is an http.Handler, safe for concurrent use.
type World struct {
	cfg      config
	m        *mock.Mock
	fallback mock.Responder
	entities map[string]obj         // what the examples show, read once
	users    wsconn.Users[*session] // authenticated WebSocket connections
	ctx      context.Context        // cancelled by Close: ends every WebSocket
	cancel   context.CancelFunc

	mu sync.Mutex
	st *state
}

// New builds the validating mock of spec with the world as its responder
// and seeds the world from the mock's documented examples.
func New(spec mock.Spec, opts ...Option) (*World, error) {
	w := &World{cfg: defaultConfig()}
	for _, o := range opts {
		o(&w.cfg)
	}
	// The world answers every request; it is given to the mock before the
	// mock exists, and only called once New has returned.
	m, err := mock.New(spec, append(w.cfg.mockOpts, mock.WithResponder(w))...)
	if err != nil {
		return nil, err
	}
	w.m, w.fallback = m, m.ExampleResponder()
	if w.entities, err = collect(m.Examples()); err != nil {
		return nil, fmt.Errorf("seed the world: %w", err)
	}
	if err := w.Reset(); err != nil {
		return nil, err
	}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	return w, nil
}

// Mock returns the validating mock the world answers for.
func (w *World) Mock() *mock.Mock { return w.m }

// Reset puts the world back in its seeded state. Open WebSocket connections
// stay open and authenticated as the same users when those still exist.
func (w *World) Reset() error {
	st, err := seedState(w.entities)
	if err != nil {
		return fmt.Errorf("seed the world: %w", err)
	}
	w.mu.Lock()
	w.st = st
	w.mu.Unlock()
	return nil
}

// Close ends every WebSocket connection (status 1001, going away); the
// REST API keeps answering.
func (w *World) Close() { w.cancel() }

// ServeHTTP serves the WebSocket channel, the checkout and control pages,
// and everything else through the validating mock.
func (w *World) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == w.cfg.wsPath:
		w.serveWebSocket(rw, r)
	case strings.HasPrefix(p, "/__mock/"):
		w.serveControl(rw, r)
	case p == "/checkout/success" || p == "/checkout/cancel":
		w.serveReturnPage(rw, r)
	default:
		w.m.ServeHTTP(rw, r)
	}
}

// locked runs f with the world's state locked and then delivers the pushes
// f returned.
func (w *World) locked(f func(st *state) []push) {
	w.mu.Lock()
	pushes := f(w.st)
	w.mu.Unlock()
	w.deliver(pushes)
}
