package wsconn

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// Defaults of a Config's zero fields.
const (
	DefaultMaxFrameBytes = 64 << 10
	DefaultSendQueue     = 64
	DefaultIdleTimeout   = 10 * time.Minute
	DefaultWriteTimeout  = 10 * time.Second
)

// ErrNotWebSocket is returned by Accept for a request that is not a WebSocket
// upgrade; nothing has been written to the response.
var ErrNotWebSocket = errors.New("not a websocket upgrade request")

// ErrForbiddenOrigin is returned by Accept when the request's Origin is
// neither the request's host nor one of Config.OriginPatterns; nothing has been
// written to the response.
var ErrForbiddenOrigin = errors.New("websocket origin not allowed")

// Config configures connections. The zero value is usable.
type Config struct {
	// MaxFrameBytes is the largest frame read; a larger one closes the
	// connection with status 1009 (message too big).
	MaxFrameBytes int64
	// SendQueue is how many outgoing frames may wait for a slow client. When
	// the queue is full the connection is dropped.
	SendQueue int
	// IdleTimeout closes a connection that sent no frame for this long.
	IdleTimeout time.Duration
	// WriteTimeout bounds the write of one frame.
	WriteTimeout time.Duration
	// OriginPatterns lists the cross-origin hosts allowed to connect, matched
	// with path.Match ("app.talkamie.com", "*.talkamie.com", or
	// "https://app.talkamie.com" to match the scheme too). The request's own
	// host is always allowed, and so are requests without an Origin header
	// (non-browser clients).
	OriginPatterns []string
	// Logger receives one line per frame and per connection; nil discards.
	Logger *slog.Logger
}

func (c Config) withDefaults() Config {
	if c.MaxFrameBytes <= 0 {
		c.MaxFrameBytes = DefaultMaxFrameBytes
	}
	if c.SendQueue <= 0 {
		c.SendQueue = DefaultSendQueue
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	if c.WriteTimeout <= 0 {
		c.WriteTimeout = DefaultWriteTimeout
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// Handler handles one incoming text frame. It runs on the connection's read
// loop, so frames of one connection are handled in order. The attributes it
// returns are added to the frame's log line.
type Handler func(ctx context.Context, c *Conn, frame []byte) []slog.Attr

// Conn is one accepted WebSocket connection. Send and Close are safe for
// concurrent use; Serve is called once.
type Conn struct {
	ws     *websocket.Conn
	cfg    Config
	id     string
	log    *slog.Logger
	queue  chan outgoing
	closed chan struct{}
	once   sync.Once
	// reason records why the server closed the connection, for the log.
	mu     sync.Mutex
	reason string
}

type outgoing struct {
	frame []byte
	attrs []slog.Attr
}

// Accept checks that r is a WebSocket upgrade from an allowed origin and
// upgrades it. ErrNotWebSocket and ErrForbiddenOrigin are returned before
// anything is written, so the caller can answer in its own error format; any
// other error means the upgrade failed and an HTTP error was already written.
func Accept(w http.ResponseWriter, r *http.Request, cfg Config) (*Conn, error) {
	cfg = cfg.withDefaults()
	if !isUpgrade(r) {
		return nil, ErrNotWebSocket
	}
	if err := CheckOrigin(r, cfg.OriginPatterns); err != nil {
		return nil, err
	}
	// net/http leaves the server's read and write deadlines on a hijacked
	// connection: clear them, the idle and write timeouts below take over.
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Time{})
	_ = rc.SetWriteDeadline(time.Time{})
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		// The origin was checked above, with the same rules.
		InsecureSkipVerify: true,
	})
	if err != nil {
		return nil, fmt.Errorf("accept websocket: %w", err)
	}
	ws.SetReadLimit(cfg.MaxFrameBytes)
	id := newID()
	return &Conn{
		ws:     ws,
		cfg:    cfg,
		id:     id,
		log:    cfg.Logger.With(slog.String("conn", id)),
		queue:  make(chan outgoing, cfg.SendQueue),
		closed: make(chan struct{}),
	}, nil
}

// CheckOrigin reports whether r's Origin may open a WebSocket: no Origin
// header, the request's own host, or a host matching one of patterns.
func CheckOrigin(r *http.Request, patterns []string) error {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return nil
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return ErrForbiddenOrigin
	}
	if strings.EqualFold(u.Host, r.Host) {
		return nil
	}
	for _, p := range patterns {
		target := u.Host
		if strings.Contains(p, "://") {
			target = u.Scheme + "://" + u.Host
		}
		if ok, err := path.Match(strings.ToLower(p), strings.ToLower(target)); err == nil && ok {
			return nil
		}
	}
	return ErrForbiddenOrigin
}

func isUpgrade(r *http.Request) bool {
	return r.Method == http.MethodGet &&
		headerHasToken(r.Header, "Connection", "upgrade") &&
		headerHasToken(r.Header, "Upgrade", "websocket")
}

func headerHasToken(h http.Header, name, token string) bool {
	for _, v := range h.Values(name) {
		for t := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}

func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// ID identifies the connection in logs.
func (c *Conn) ID() string { return c.id }

// Done is closed when the connection is closed.
func (c *Conn) Done() <-chan struct{} { return c.closed }

// Send queues a text frame for the client without blocking, and reports
// whether it was queued. When the queue is full the client is too slow: the
// connection is dropped and Send returns false. attrs are added to the
// frame's log line.
func (c *Conn) Send(frame []byte, attrs ...slog.Attr) bool {
	select {
	case <-c.closed:
		return false
	default:
	}
	select {
	case c.queue <- outgoing{frame: frame, attrs: attrs}:
		return true
	case <-c.closed:
		return false
	default:
		c.setReason("slow consumer")
		c.log.Warn("ws dropped a slow consumer", slog.Int("queued", len(c.queue)))
		c.shut()
		// Close without a handshake: the client is not reading.
		go func() { _ = c.ws.CloseNow() }()
		return false
	}
}

// Close closes the connection with a close frame (status and a short, fixed
// reason) and ends Serve.
func (c *Conn) Close(status websocket.StatusCode, reason string) {
	c.setReason(reason)
	c.shut()
	_ = c.ws.Close(status, reason)
}

func (c *Conn) shut() { c.once.Do(func() { close(c.closed) }) }

func (c *Conn) setReason(r string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reason == "" {
		c.reason = r
	}
}

func (c *Conn) closeReason() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reason
}

// Serve reads frames until the connection closes and calls h for each text
// frame. It returns when the client goes away, the connection idles past
// Config.IdleTimeout, a frame is larger than Config.MaxFrameBytes, the client
// is dropped as too slow, or ctx is done (the client then gets status 1001,
// going away). The connection is closed when Serve returns.
func (c *Conn) Serve(ctx context.Context, h Handler) {
	start := time.Now()
	c.log.Info("ws connected")
	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		c.writeLoop(ctx)
	}()
	idle := time.AfterFunc(c.cfg.IdleTimeout, func() { c.Close(websocket.StatusPolicyViolation, "idle timeout") })
	stopShutdown := context.AfterFunc(ctx, func() { c.Close(websocket.StatusGoingAway, "server shutting down") })
	defer stopShutdown()

	frames, err := c.readLoop(ctx, h, idle)
	idle.Stop()
	c.shut()
	_ = c.ws.CloseNow()
	<-writerDone

	attrs := []any{slog.Int("frames_in", frames), slog.Duration("duration", time.Since(start))}
	if r := c.closeReason(); r != "" {
		attrs = append(attrs, slog.String("reason", r))
	} else if status := websocket.CloseStatus(err); status != -1 {
		attrs = append(attrs, slog.Int("status", int(status)))
	} else if errors.Is(err, websocket.ErrMessageTooBig) {
		attrs = append(attrs, slog.String("reason", "frame too large"))
	}
	c.log.Info("ws disconnected", attrs...)
}

func (c *Conn) readLoop(ctx context.Context, h Handler, idle *time.Timer) (int, error) {
	n := 0
	// Reads ignore ctx's cancellation: when ctx is done the connection is
	// closed with a handshake (status 1001), which ends the read.
	rctx := context.WithoutCancel(ctx)
	for {
		typ, data, err := c.ws.Read(rctx)
		if err != nil {
			if errors.Is(err, websocket.ErrMessageTooBig) {
				c.setReason("frame too large")
			}
			return n, err
		}
		n++
		idle.Reset(c.cfg.IdleTimeout)
		if typ != websocket.MessageText {
			c.log.Info("ws frame", slog.String("dir", "in"), slog.Int("bytes", len(data)), slog.String("outcome", "binary-refused"))
			c.Close(websocket.StatusUnsupportedData, "text frames only")
			return n, nil
		}
		began := time.Now()
		attrs := h(ctx, c, data)
		args := make([]any, 0, len(attrs)+3)
		args = append(args, slog.String("dir", "in"), slog.Int("bytes", len(data)), slog.Duration("duration", time.Since(began)))
		for _, a := range attrs {
			args = append(args, a)
		}
		c.log.Info("ws frame", args...)
	}
}

func (c *Conn) writeLoop(ctx context.Context) {
	for {
		select {
		case <-c.closed:
			return
		case out := <-c.queue:
			wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.cfg.WriteTimeout)
			err := c.ws.Write(wctx, websocket.MessageText, out.frame)
			cancel()
			args := make([]any, 0, len(out.attrs)+2)
			args = append(args, slog.String("dir", "out"), slog.Int("bytes", len(out.frame)))
			for _, a := range out.attrs {
				args = append(args, a)
			}
			if err != nil {
				c.log.Info("ws frame", append(args, slog.String("outcome", "write-failed"))...)
				c.setReason("write failed")
				c.shut()
				_ = c.ws.CloseNow()
				return
			}
			c.log.Debug("ws frame", args...)
		}
	}
}
