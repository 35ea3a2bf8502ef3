package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/talkamie/contract/mock"
	"github.com/talkamie/contract/tools/internal/bundle"
	"github.com/talkamie/contract/tools/internal/lint"
	"github.com/talkamie/contract/tools/internal/load"
)

// reloadInterval is how often --dir is checked for changes.
const reloadInterval = 500 * time.Millisecond

// logFlushInterval is how long a log line may wait in the buffer.
const logFlushInterval = 50 * time.Millisecond

// mockUsage is the text of `contract mock -h` above the flags.
const mockUsage = "usage: contract mock [--host 127.0.0.1] [--port 4010] [--dir .] [--latency 50ms..300ms] [--seed 0] [--stateful|--stateless] [--web-origin URL] [--ws-path /ws]\n\nServes the contract as a validating mock: every request is validated, every answer is valid. Stateless, it\nreplays the documented examples (Prefer: code=, example=, dynamic=true, delay=); stateful (the default for the\nembedded contract), a world seeded from them answers and reacts, with the WebSocket channel. Docs at /docs,\nhealth at /healthz.\n\nflags:"

// runMock serves the embedded contract (or --dir) as a validating mock server
// until ctx is cancelled (Ctrl-C).
func runMock(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("mock", mockUsage, stderr)
	host := fs.String("host", "127.0.0.1", "the address to listen on")
	port := fs.Int("port", 4010, "the port to listen on")
	dir := fs.String("dir", "", "serve the contract in this directory (schemas/ and spec/) instead of the embedded bundle, reloading on changes")
	latency := fs.String("latency", "", "delay every response by a random duration in this range, e.g. 50ms..300ms (or one duration)")
	seed := fs.Int64("seed", 0, "seed of the data generated for Prefer: dynamic=true")
	var wf worldFlags
	fs.BoolVar(&wf.stateful, "stateful", false, "serve a living world seeded from the examples: writes change later reads, WebSocket at --ws-path, checkout pages, /__mock/reset|state|emit (default for the embedded contract)")
	fs.BoolVar(&wf.stateless, "stateless", false, "replay the documented examples only (default with --dir)")
	fs.StringVar(&wf.webOrigin, "web-origin", "", "where the checkout page returns to (<origin>/checkout/success?transactionId=...); default: the Origin of the session request, else the mock")
	fs.StringVar(&wf.wsPath, "ws-path", "/ws", "the WebSocket path of the stateful mock")
	if done, err := parseFlags(fs, args); done {
		return err
	}
	if os.Getenv("GOGC") == "" {
		// The mock's heap is small (tens of MB) and its garbage per request is
		// high: trade a little memory for throughput, unless GOGC says otherwise.
		debug.SetGCPercent(400)
	}
	// Request lines are buffered: a request never waits for a write(2), nor
	// for another request's.
	logOut := newLogWriter(stdout, logFlushInterval)
	defer logOut.Close()
	logger := slog.New(slog.NewTextHandler(logOut, nil))
	opts := []mock.Option{mock.WithLogger(logger), mock.WithSeed(*seed)}
	if *latency != "" {
		lo, hi, err := parseLatency(*latency)
		if err != nil {
			return fmt.Errorf("mock: --latency: %w", err)
		}
		opts = append(opts, mock.WithLatency(lo, hi))
	}

	// WebSocket frames are logged both ways, one line each: the connection
	// runtime logs outgoing frames at debug level.
	frameLog := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: slog.LevelDebug}))
	stateful, err := wf.enabled(*dir)
	if err != nil {
		return err
	}
	build := func() (*mockServer, error) {
		if *dir == "" {
			return newMockServer(embeddedSpec(), stateful, wf, opts, frameLog)
		}
		spec, err := loadDirSpec(ctx, *dir)
		if err != nil {
			return nil, err
		}
		return newMockServer(spec, stateful, wf, opts, frameLog)
	}
	start := time.Now()
	ms, err := build()
	if err != nil {
		return fmt.Errorf("mock: %w", err)
	}
	m := ms.mock
	var current atomic.Pointer[mockServer]
	current.Store(ms)
	defer func() { current.Load().close() }()

	ln, err := net.Listen("tcp", net.JoinHostPort(*host, strconv.Itoa(*port)))
	if err != nil {
		return fmt.Errorf("mock: %w", err)
	}
	srv := &http.Server{
		Handler:           http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { current.Load().ServeHTTP(w, r) }),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	url := "http://" + ln.Addr().String()
	logger.Info("mock serving", "url", url+m.BasePath(), "docs", url+"/docs/", "operations", len(m.Operations()), "stateful", stateful, "startup", time.Since(start).Round(time.Millisecond))

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	if *dir != "" {
		go watch(ctx, *dir, logger, func() {
			next, err := build()
			if err != nil {
				logger.Error("reload failed; still serving the previous contract", "err", err)
				return
			}
			current.Swap(next).close()
			logger.Info("contract reloaded", "operations", len(next.mock.Operations()))
		})
	}
	select {
	case err := <-served:
		return fmt.Errorf("mock: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	current.Load().close() // end the WebSocket connections: Shutdown does not wait for them
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("mock: shutdown: %w", err)
	}
	logger.Info("mock stopped")
	return nil
}

// logWriter buffers what is written to it and writes it out at least every
// interval, when the buffer fills, and on Close. It is safe for concurrent use.
type logWriter struct {
	mu   sync.Mutex
	buf  *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

func newLogWriter(w io.Writer, interval time.Duration) *logWriter {
	lw := &logWriter{buf: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(lw.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-lw.stop:
				return
			case <-t.C:
				_ = lw.Flush()
			}
		}
	}()
	return lw
}

// Write buffers p.
func (lw *logWriter) Write(p []byte) (int, error) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return lw.buf.Write(p)
}

// Flush writes out what is buffered.
func (lw *logWriter) Flush() error {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return lw.buf.Flush()
}

// Close stops the periodic flushes and flushes what is left.
func (lw *logWriter) Close() error {
	close(lw.stop)
	<-lw.done
	return lw.Flush()
}

// loadDirSpec lints and bundles a contract directory. Lint's openapi-invalid
// rule bundles the contract; that bundle is the one served.
func loadDirSpec(ctx context.Context, dir string) (mock.Spec, error) {
	c, findings, err := load.Dir(dir)
	if err != nil {
		return mock.Spec{}, err
	}
	var res *bundle.Result
	keep := func(c *load.Contract) ([]byte, error) {
		r, err := bundle.Bundle(c)
		if err != nil {
			return nil, err
		}
		res = r
		return r.OpenAPI, nil
	}
	findings = append(findings, lint.Contract(ctx, c, lint.Options{Bundle: keep})...)
	if findings.HasErrors() {
		return mock.Spec{}, fmt.Errorf("the contract in %s has lint errors:\n%w", dir, findings)
	}
	if res == nil { // lint did not bundle: the contract has no OpenAPI root
		if res, err = bundle.Bundle(c); err != nil {
			return mock.Spec{}, err
		}
	}
	return mock.Spec{OpenAPI: res.OpenAPI, AsyncAPI: res.AsyncAPI}, nil
}

// watch calls reload whenever the files under dir change (polling their
// names, sizes and modification times) until ctx is done.
func watch(ctx context.Context, dir string, logger *slog.Logger, reload func()) {
	last := fingerprint(dir)
	t := time.NewTicker(reloadInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if fp := fingerprint(dir); fp != last {
			last = fp
			logger.Info("contract changed, reloading", "dir", dir)
			reload()
		}
	}
}

func fingerprint(dir string) string {
	h := sha256.New()
	for _, sub := range []string{"schemas", "spec"} {
		_ = filepath.WalkDir(filepath.Join(dir, sub), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if info, err := d.Info(); err == nil {
				fmt.Fprintf(h, "%s %d %d\n", p, info.Size(), info.ModTime().UnixNano())
			}
			return nil
		})
	}
	return string(h.Sum(nil))
}

// parseLatency reads "50ms..300ms" or a single duration.
func parseLatency(s string) (time.Duration, time.Duration, error) {
	lo, hi, found := strings.Cut(s, "..")
	min, err := time.ParseDuration(strings.TrimSpace(lo))
	if err != nil {
		return 0, 0, err
	}
	if !found {
		return min, min, nil
	}
	max, err := time.ParseDuration(strings.TrimSpace(hi))
	if err != nil {
		return 0, 0, err
	}
	if max < min || min < 0 {
		return 0, 0, fmt.Errorf("want min..max with 0 <= min <= max, got %q", s)
	}
	return min, max, nil
}
