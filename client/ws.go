package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/gen/wsmsg"
)

// Errors of the WebSocket client.
var (
	// ErrClosed is returned by calls on a WSConn after Close, or after the
	// connection dropped for good.
	ErrClosed = errors.New("websocket closed")
	// ErrDisconnected is returned by a Call whose connection dropped before the
	// acknowledgement arrived; the server may or may not have acted on the frame.
	ErrDisconnected = errors.New("websocket disconnected")
	// ErrNoReply is returned by Call for an action the contract gives no
	// acknowledgement (call.signal, call.connected, call.disconnected); use Send.
	ErrNoReply = errors.New("action has no reply")
)

// WSConn is a connection to the Talkamie WebSocket channel that authenticates,
// pings and reconnects by itself. It is safe for concurrent use.
type WSConn struct {
	url    string
	cfg    config
	ctx    context.Context
	cancel context.CancelFunc
	frames chan Frame
	done   chan struct{}

	mu      sync.Mutex
	conn    *websocket.Conn
	ready   chan struct{} // closed while conn is authenticated
	user    *models.FullUser
	pending map[wsmsg.Action][]*pendingCall
	err     error // why the connection ended for good
}

// pendingCall waits for the acknowledgement of one frame. An abandoned call
// (its caller gave up) stays queued so its late reply is not taken for the
// next call's.
type pendingCall struct {
	conn      *websocket.Conn // the connection the frame was written to
	reply     chan Frame
	abandoned bool
}

// DialWS connects to the WebSocket channel at url (wss://..., or ws:// for a
// test server), authenticates with the token of WithToken or WithTokenSource
// and waits for the reply. It returns an *APIError matching ErrUnauthorized
// when the server refuses the token. ctx bounds the dial and the
// authentication only; the connection lives until Close.
func DialWS(ctx context.Context, url string, opts ...Option) (*WSConn, error) {
	cfg := newConfig(opts)
	if cfg.token == nil {
		return nil, errors.New("client: DialWS needs WithToken or WithTokenSource")
	}
	w := &WSConn{
		url:     url,
		cfg:     cfg,
		done:    make(chan struct{}),
		ready:   make(chan struct{}),
		pending: map[wsmsg.Action][]*pendingCall{},
	}
	if cfg.frameHandler == nil {
		w.frames = make(chan Frame, cfg.frameBuffer)
	}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	conn, early, err := w.connect(ctx)
	if err != nil {
		w.cancel()
		return nil, err
	}
	go w.run(conn, early)
	return w, nil
}

// User returns the signed-in user of the latest successful authentication.
func (w *WSConn) User() *models.FullUser {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.user
}

// Frames returns the channel of server frames that answer no pending Call:
// pushes, and acknowledgements of frames sent with Send. It is closed when the
// WSConn ends, and nil when WithFrameHandler is used. Drain it: a full channel
// stops reading, acknowledgements included.
func (w *WSConn) Frames() <-chan Frame { return w.frames }

// Done is closed when the WSConn has ended: after Close, or when the
// connection dropped and reconnecting is off or impossible (see Err).
func (w *WSConn) Done() <-chan struct{} { return w.done }

// Err returns why the WSConn ended (ErrClosed after Close), or nil while it is
// alive.
func (w *WSConn) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Close ends the connection with a normal closure, fails pending calls with
// ErrClosed and waits for the WSConn's goroutines.
func (w *WSConn) Close() error {
	w.mu.Lock()
	if w.err == nil {
		w.err = ErrClosed
	}
	conn := w.conn
	w.mu.Unlock()
	w.cancel()
	if conn != nil {
		_ = conn.Close(websocket.StatusNormalClosure, "client closed")
	}
	<-w.done
	return nil
}

// Send sends a client frame without waiting for an answer: a generated client
// frame (*models.WsChatMessageSend, ...; Action may be left empty) or raw JSON
// (json.RawMessage, []byte) that decodes as one. An acknowledgement, if the
// action has one, arrives on Frames. Send waits, within ctx, while the
// connection is being re-established.
func (w *WSConn) Send(ctx context.Context, frame any) error {
	msg, raw, err := encodeClientFrame(frame)
	if err != nil {
		return err
	}
	conn, err := w.await(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", msg.Action, err)
	}
	return w.write(conn, msg.Action, raw)
}

// Call sends a client frame (as Send) whose action has an acknowledgement, and
// waits for it. It returns the reply as a pointer to its generated type
// (*models.WsChatMessageSendReply for chat.message.send, ...), or an *APIError
// when the server answered with an error frame. Replies are matched to calls
// by action, in order, as the protocol carries no request id.
func (w *WSConn) Call(ctx context.Context, frame any) (any, error) {
	msg, raw, err := encodeClientFrame(frame)
	if err != nil {
		return nil, err
	}
	if _, ok := replyOf(msg); !ok {
		return nil, fmt.Errorf("%s: %w", msg.Action, ErrNoReply)
	}
	ctx, cancel := w.callContext(ctx)
	defer cancel()
	for {
		conn, err := w.await(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", msg.Action, err)
		}
		pc, ok := w.enqueue(conn, msg.Action)
		if !ok {
			continue // the connection changed between await and enqueue
		}
		if err := w.write(conn, msg.Action, raw); err != nil {
			w.abandon(pc)
			return nil, err
		}
		select {
		case f, ok := <-pc.reply:
			if !ok {
				return nil, fmt.Errorf("%s: %w", msg.Action, ErrDisconnected)
			}
			if f.Err != nil {
				return nil, f.Err
			}
			return f.Value, nil
		case <-ctx.Done():
			w.abandon(pc)
			return nil, fmt.Errorf("%s: waiting for the reply: %w", msg.Action, ctx.Err())
		}
	}
}

// callContext bounds ctx by the call timeout and by the WSConn's lifetime.
func (w *WSConn) callContext(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(ctx, w.cfg.callTimeout)
	stop := context.AfterFunc(w.ctx, cancel)
	return ctx, func() { stop(); cancel() }
}

// await returns the authenticated connection, waiting while it is being
// re-established.
func (w *WSConn) await(ctx context.Context) (*websocket.Conn, error) {
	for {
		w.mu.Lock()
		conn, ready, err := w.conn, w.ready, w.err
		w.mu.Unlock()
		if err != nil {
			return nil, err
		}
		if conn != nil {
			return conn, nil
		}
		select {
		case <-ready:
		case <-w.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// enqueue registers a pending call on conn, unless conn is no longer current.
func (w *WSConn) enqueue(conn *websocket.Conn, a wsmsg.Action) (*pendingCall, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.conn != conn {
		return nil, false
	}
	pc := &pendingCall{conn: conn, reply: make(chan Frame, 1)}
	w.pending[a] = append(w.pending[a], pc)
	return pc, true
}

// abandon marks a pending call as given up.
func (w *WSConn) abandon(pc *pendingCall) {
	w.mu.Lock()
	defer w.mu.Unlock()
	pc.abandoned = true
}

// take removes the oldest pending call of an action. It reports false when no
// call waits; an abandoned call is returned (and its reply dropped by the
// caller) to keep the order.
func (w *WSConn) take(a wsmsg.Action) (*pendingCall, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	q := w.pending[a]
	if len(q) == 0 {
		return nil, false
	}
	pc := q[0]
	w.pending[a] = slices.Delete(q, 0, 1)
	return pc, true
}

func (w *WSConn) write(conn *websocket.Conn, a wsmsg.Action, raw []byte) error {
	// A write interrupted by its context closes the connection (coder/websocket),
	// so writes are bounded by the connection, not by the caller.
	ctx, cancel := context.WithTimeout(w.ctx, w.cfg.callTimeout)
	defer cancel()
	if err := conn.Write(ctx, websocket.MessageText, raw); err != nil {
		// The connection is unusable: forget it now, so that callers wait for the
		// next one instead of writing to this one again.
		w.drop(conn)
		return fmt.Errorf("%s: write: %w: %w", a, ErrDisconnected, err)
	}
	return nil
}

// connect dials and authenticates. Frames that arrive before the
// authentication reply are returned to be delivered once reading starts.
func (w *WSConn) connect(ctx context.Context) (*websocket.Conn, []Frame, error) {
	tok, err := w.cfg.token(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("authenticate: token source: %w", err)
	}
	header := http.Header{}
	if w.cfg.userAgent != "" {
		header.Set("User-Agent", w.cfg.userAgent)
	}
	conn, _, err := websocket.Dial(ctx, w.url, &websocket.DialOptions{HTTPClient: w.cfg.httpClient, HTTPHeader: header})
	if err != nil {
		return nil, nil, fmt.Errorf("dial: %w", err)
	}
	conn.SetReadLimit(w.cfg.readLimit)
	user, early, err := w.authenticate(ctx, conn, tok)
	if err != nil {
		_ = conn.Close(websocket.StatusPolicyViolation, "authentication failed")
		return nil, nil, err
	}
	w.mu.Lock()
	w.conn, w.user = conn, user
	close(w.ready)
	w.mu.Unlock()
	if w.cfg.onAuthenticated != nil {
		w.cfg.onAuthenticated(user)
	}
	return conn, early, nil
}

func (w *WSConn) authenticate(ctx context.Context, conn *websocket.Conn, tok string) (*models.FullUser, []Frame, error) {
	raw, err := json.Marshal(models.WsAuthenticate{Action: models.WsAuthenticateAction(wsmsg.ActionAuthenticate), Token: tok})
	if err != nil {
		return nil, nil, fmt.Errorf("authenticate: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, w.cfg.callTimeout)
	defer cancel()
	if err := conn.Write(ctx, websocket.MessageText, raw); err != nil {
		return nil, nil, fmt.Errorf("authenticate: write: %w", err)
	}
	var early []Frame
	for {
		_, data, err := conn.Read(ctx)
		if err != nil {
			return nil, nil, fmt.Errorf("authenticate: read: %w", err)
		}
		f := decodeFrame(data)
		if f.Action != wsmsg.ActionAuthenticate {
			early = append(early, f)
			continue
		}
		if f.Err != nil {
			return nil, nil, f.Err
		}
		reply, ok := f.Value.(*models.WsAuthenticateReply)
		if !ok || reply.Data == nil {
			return nil, nil, fmt.Errorf("authenticate: %w: the reply has no user", ErrUnexpectedResponse)
		}
		return reply.Data, early, nil
	}
}

// run serves connections until the WSConn ends.
func (w *WSConn) run(conn *websocket.Conn, early []Frame) {
	defer func() {
		if w.frames != nil {
			close(w.frames)
		}
		close(w.done)
	}()
	for {
		for _, f := range early {
			w.dispatch(f)
		}
		err := w.serve(conn)
		w.drop(conn)
		if w.ctx.Err() != nil || !w.cfg.reconnect {
			w.end(fmt.Errorf("%w: %w", ErrClosed, err))
			return
		}
		if conn, early, err = w.redial(); err != nil {
			w.end(err)
			return
		}
	}
}

// serve reads and dispatches frames, and pings, until the connection fails.
func (w *WSConn) serve(conn *websocket.Conn) error {
	var wg sync.WaitGroup
	defer wg.Wait() // after cancel, which stops the pinger
	ctx, cancel := context.WithCancel(w.ctx)
	defer cancel()
	wg.Go(func() { w.pinger(ctx, conn) })
	for {
		_, data, err := conn.Read(ctx)
		if err != nil {
			return err
		}
		w.dispatch(decodeFrame(data))
	}
}

// dispatch hands a frame to the call waiting for it, or to the receiver.
func (w *WSConn) dispatch(f Frame) {
	if f.Action != "" {
		if pc, ok := w.take(f.Action); ok {
			w.mu.Lock()
			abandoned := pc.abandoned
			w.mu.Unlock()
			if !abandoned {
				pc.reply <- f
				return
			}
		}
	}
	if w.cfg.frameHandler != nil {
		w.cfg.frameHandler(w.ctx, f)
		return
	}
	select {
	case w.frames <- f:
	case <-w.ctx.Done():
	}
}

// pinger sends `ping` first after pingFirst, then pingEvery after each reply,
// and closes the connection when a ping is not answered.
func (w *WSConn) pinger(ctx context.Context, conn *websocket.Conn) {
	if w.cfg.pingEvery <= 0 {
		return
	}
	wait := w.cfg.pingFirst
	for {
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		if _, err := w.Ping(ctx, &models.WsPing{}); err != nil {
			if ctx.Err() == nil {
				_ = conn.Close(websocket.StatusGoingAway, "ping not answered")
			}
			return
		}
		wait = w.cfg.pingEvery
	}
}

// drop forgets a failed connection and fails the calls waiting on it. It may
// run twice for one connection (from a failed write, then from run).
func (w *WSConn) drop(conn *websocket.Conn) {
	_ = conn.CloseNow()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.conn == conn {
		w.conn = nil
		w.ready = make(chan struct{})
	}
	for a, q := range w.pending {
		w.pending[a] = slices.DeleteFunc(q, func(pc *pendingCall) bool {
			if pc.conn != conn {
				return false
			}
			close(pc.reply)
			return true
		})
	}
}

// redial reconnects with backoff until it succeeds or the WSConn is closed. A
// refused token ends the WSConn: retrying it would not help.
func (w *WSConn) redial() (*websocket.Conn, []Frame, error) {
	wait := w.cfg.reconnectBackoff
	for {
		t := time.NewTimer(wait/2 + rand.N(wait/2+1))
		select {
		case <-w.ctx.Done():
			t.Stop()
			return nil, nil, ErrClosed
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(w.ctx, w.cfg.callTimeout)
		conn, early, err := w.connect(ctx)
		cancel()
		if err == nil {
			return conn, early, nil
		}
		if errors.Is(err, ErrUnauthorized) {
			return nil, nil, err
		}
		if w.ctx.Err() != nil {
			return nil, nil, ErrClosed
		}
		wait = min(wait*2, w.cfg.reconnectMax)
	}
}

// end records why the WSConn ended.
func (w *WSConn) end(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = err
	}
}
