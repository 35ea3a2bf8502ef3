package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
)

// NewHTTPServer returns an http.Server for handler with the timeouts of the
// options (DefaultTimeouts without WithTimeouts) and the logger's error log.
func NewHTTPServer(addr string, handler http.Handler, opts ...Option) *http.Server {
	cfg := newConfig(opts)
	return &http.Server{
		Addr:              addr,
		Handler:           handler,
		ReadHeaderTimeout: cfg.timeouts.ReadHeader,
		ReadTimeout:       cfg.timeouts.Read,
		WriteTimeout:      cfg.timeouts.Write,
		IdleTimeout:       cfg.timeouts.Idle,
		ErrorLog:          slog.NewLogLogger(cfg.logger.Handler(), slog.LevelWarn),
	}
}

// ListenAndServe listens on addr and serves handler until ctx is done, then
// shuts down gracefully: it stops accepting, closes the WebSocket connections
// of the hub given with WithHub (status 1001), and waits up to
// Timeouts.Shutdown for requests in flight. It returns nil after a clean
// shutdown.
func ListenAndServe(ctx context.Context, addr string, handler http.Handler, opts ...Option) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("server: listen: %w", err)
	}
	return Serve(ctx, ln, handler, opts...)
}

// Serve is ListenAndServe on a listener the caller opened (tests listen on
// 127.0.0.1:0). It closes ln.
func Serve(ctx context.Context, ln net.Listener, handler http.Handler, opts ...Option) error {
	cfg := newConfig(opts)
	srv := NewHTTPServer(ln.Addr().String(), handler, opts...)
	if cfg.hub != nil {
		srv.RegisterOnShutdown(cfg.hub.Close)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	cfg.logger.Info("serving", slog.String("addr", ln.Addr().String()))

	select {
	case err := <-errc:
		return fmt.Errorf("server: serve: %w", err)
	case <-ctx.Done():
	}
	cfg.logger.Info("shutting down", slog.Duration("grace", cfg.timeouts.Shutdown))
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.timeouts.Shutdown)
	defer cancel()
	shutdownErr := srv.Shutdown(sctx)
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: serve: %w", err)
	}
	if shutdownErr != nil {
		_ = srv.Close()
		return fmt.Errorf("server: shutdown: %w", shutdownErr)
	}
	return nil
}
