package verify

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"time"

	"github.com/coder/websocket"
)

// maxFrameBytes bounds the size of a frame read from the socket.
const maxFrameBytes = 4 << 20

// drainTimeout is how long frames are still read after the last example was sent.
const drainTimeout = 250 * time.Millisecond

// errorGrace is how long an error answer is awaited after a frame that declares no reply.
const errorGrace = 150 * time.Millisecond

// undocumentedFrames is the operation of the check that collects frames whose
// action the AsyncAPI document does not have.
const undocumentedFrames = "(undocumented)"

// incoming is one frame read from the socket, or the read error that ended the stream.
type incoming struct {
	data []byte
	err  error
}

// wsRun is the state of one WebSocket session.
type wsRun struct {
	r      *runner
	api    *asyncAPI
	conn   *websocket.Conn
	frames chan incoming
	closed error
	rep    *Report
	// frameChecks holds the check of unsolicited frames per action, by index in rep.Checks.
	frameChecks map[string]int
	sent        map[*wsMessage]bool
	replied     map[*wsMessage]bool
}

// runWS opens the socket, authenticates, sends every client example and
// checks every frame received.
func (r *runner) runWS(ctx context.Context, api *asyncAPI, rep *Report) error {
	dialCtx, cancel := context.WithTimeout(ctx, r.opts.Timeout)
	defer cancel()
	conn, resp, err := websocket.Dial(dialCtx, r.opts.WebSocket, &websocket.DialOptions{HTTPClient: r.opts.Client})
	if err != nil {
		status := ""
		if resp != nil {
			status = fmt.Sprintf(" (HTTP %d)", resp.StatusCode)
		}
		return fmt.Errorf("%w: cannot open the WebSocket %s%s: %v", ErrCannotRun, r.opts.WebSocket, status, redact(err.Error(), r.token))
	}
	conn.SetReadLimit(maxFrameBytes)
	w := &wsRun{r: r, api: api, conn: conn, frames: make(chan incoming, 64), rep: rep,
		frameChecks: map[string]int{}, sent: map[*wsMessage]bool{}, replied: map[*wsMessage]bool{}}
	readCtx, stopReading := context.WithCancel(ctx)
	go w.read(readCtx)
	defer func() {
		stopReading()
		_ = conn.Close(websocket.StatusNormalClosure, "verify done")
	}()

	rep.Coverage.ClientActions = len(api.client)
	for _, m := range api.client {
		if len(m.replies) > 0 {
			rep.Coverage.Replies++
		}
	}
	authenticated := w.authenticate(ctx)
	for _, m := range api.client {
		for _, ex := range m.examples {
			if m == api.auth {
				if ex.name == api.auth.examples[0].name {
					continue // sent by authenticate
				}
			}
			c := Check{ID: "ws:" + m.action + ":example:" + ex.name, Kind: kindExample, Operation: m.action,
				Request: fmt.Sprintf("%s frame %s (example %s)", m.action, m.name, ex.name)}
			switch {
			case !authenticated:
				c.Result, c.Note = Skipped, "the socket is not authenticated"
			case w.closed != nil:
				c.Result, c.Note = Skipped, "the socket is closed"
			default:
				w.exchange(ctx, &c, m, w.payload(m, ex))
			}
			rep.Checks = append(rep.Checks, c)
		}
	}
	w.drain(ctx)
	rep.Coverage.ActionsSent = len(w.sent)
	for _, action := range api.pushes() {
		rep.Coverage.Pushes++
		if _, ok := w.frameChecks[action]; ok {
			rep.Coverage.PushesSeen++
		}
	}
	rep.Coverage.RepliesSeen = len(w.replied)
	return nil
}

// read forwards every frame until the connection or ctx ends.
func (w *wsRun) read(ctx context.Context) {
	defer close(w.frames)
	for {
		typ, data, err := w.conn.Read(ctx)
		if err != nil {
			select {
			case w.frames <- incoming{err: err}:
			case <-ctx.Done():
			}
			return
		}
		if typ != websocket.MessageText {
			data = nil
		}
		select {
		case w.frames <- incoming{data: data}:
		case <-ctx.Done():
			return
		}
	}
}

// payload returns an example frame, with the token in the authentication field.
func (w *wsRun) payload(m *wsMessage, ex namedFrame) map[string]any {
	p := maps.Clone(ex.payload)
	if m == w.api.auth {
		p[w.api.authField] = w.r.token
	}
	return p
}

// authenticate sends the authentication frame and awaits its reply.
func (w *wsRun) authenticate(ctx context.Context) bool {
	a := w.api.auth
	if a == nil {
		return true // the channel needs no authentication frame
	}
	c := Check{ID: "ws:" + a.action + ":" + kindAuthenticate, Kind: kindAuthenticate, Operation: a.action,
		Request: fmt.Sprintf("%s frame %s with the token", a.action, a.name)}
	defer func() { w.rep.Checks = append(w.rep.Checks, c) }()
	if len(a.examples) == 0 {
		c.Result, c.Note = Skipped, fmt.Sprintf("message %s has no example to authenticate with", a.name)
		return false
	}
	if w.r.token == "" {
		c.Result, c.Note = Skipped, w.r.tokenNote
		return false
	}
	reply := w.exchange(ctx, &c, a, w.payload(a, a.examples[0]))
	if reply == nil {
		return false
	}
	if ok, isBool := reply[w.api.authOK].(bool); isBool && !ok {
		c.violate("authentication-failed", "frame."+w.api.authOK, "the socket refused the token%s; the other actions cannot be checked", frameError(reply))
		return false
	}
	return true
}

// exchange sends a frame and, when the message declares a reply, awaits it.
// It returns the reply (nil without one).
func (w *wsRun) exchange(ctx context.Context, c *Check, m *wsMessage, payload map[string]any) map[string]any {
	start := time.Now()
	defer func() { c.Duration = time.Since(start) }()
	data, err := json.Marshal(payload)
	if err != nil {
		c.violate("no-answer", "", "the frame could not be encoded: %v", err)
		return nil
	}
	wctx, cancel := context.WithTimeout(ctx, w.r.opts.Timeout)
	err = w.conn.Write(wctx, websocket.MessageText, data)
	cancel()
	if err != nil {
		c.violate("no-answer", "", "the frame could not be sent: %v", redact(err.Error(), w.r.token))
		return nil
	}
	w.sent[m] = true
	wait := w.r.opts.ReplyTimeout
	if len(m.replies) == 0 {
		c.Note = "no reply is declared"
		wait = min(wait, errorGrace)
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			if len(m.replies) > 0 {
				c.violate("missing-reply", "", "no %s reply before the run was cancelled", m.action)
			}
			return nil
		case <-timer.C:
			if len(m.replies) > 0 {
				c.violate("missing-reply", "", "no %s reply (%s) within %s", m.action, replyNames(m), wait)
			}
			return nil
		case in, ok := <-w.frames:
			if !ok || in.err != nil {
				w.closed = closedErr(in, ok)
				c.violate("missing-reply", "", "the socket closed before the %s reply: %v", m.action, redact(w.closed.Error(), w.r.token))
				return nil
			}
			frame, action, ok := w.decode(in.data)
			if !ok || action != m.action {
				w.unsolicited(in.data)
				continue
			}
			if len(m.replies) == 0 {
				if frame["success"] != false {
					w.unsolicited(in.data) // a relay or push of the same action
					continue
				}
				// An error answer to a frame that declares no reply.
				c.Note = "answered with an error frame" + frameError(frame)
				w.classifyError(c, m, frame)
				return frame
			}
			w.checkReply(c, m, frame)
			return frame
		}
	}
}

// checkReply validates a reply against the messages the client message declares.
func (w *wsRun) checkReply(c *Check, m *wsMessage, frame map[string]any) {
	var best []frameProblem
	for _, rm := range m.replies {
		problems := rm.validateFrame(frame)
		if len(problems) == 0 {
			w.replied[m] = true
			if ok, _ := frame["success"].(bool); !ok {
				c.Note = "answered with success: false" + frameError(frame)
				w.classifyError(c, m, frame)
			}
			return
		}
		if best == nil {
			best = problems
		}
	}
	w.replied[m] = true
	for _, p := range best {
		c.violate("invalid-frame", p.location, "the %s reply does not match %s: %s (%s)", m.action, replyNames(m), p.message, p.code)
	}
}

// decode parses a frame and returns it with its action rewritten to the canonical name.
func (w *wsRun) decode(data []byte) (map[string]any, string, bool) {
	var frame map[string]any
	if data == nil || json.Unmarshal(data, &frame) != nil {
		return nil, "", false
	}
	name, _ := frame["action"].(string)
	action, ok := w.api.canonical[name]
	if !ok {
		return frame, name, false
	}
	frame["action"] = action
	return frame, action, true
}

// unsolicited checks a frame that is not an awaited reply: it must be a
// documented server message and match its schema.
func (w *wsRun) unsolicited(data []byte) {
	frame, action, known := w.decode(data)
	key := action
	if !known {
		key = undocumentedFrames
	}
	c := w.frameCheck(key)
	switch {
	case data == nil:
		c.violate("invalid-frame", "frame", "a binary frame arrived; the channel carries JSON text frames")
	case frame == nil:
		c.violate("invalid-frame", "frame", "a frame is not a JSON object")
	case action == "":
		c.violate("invalid-frame", "frame.action", "a frame has no string action")
	case !known:
		c.violate("undocumented-frame", "frame.action", "a frame with action %q arrived; the AsyncAPI document has no such action", truncate(action, 64))
	case frame["success"] == false && w.sentAction(action):
		// An error answer to a client frame that declares no reply: the
		// document has no schema for it beyond the frame's action.
		c.Note = "error answers to " + action + " frames" + frameError(frame)
		if frameStatus(frame) == http.StatusNotImplemented {
			c.Result = Unimplemented
		}
	case len(w.api.server[action]) == 0:
		c.violate("undocumented-frame", "frame.action", "a %s frame arrived; the AsyncAPI document has no server-to-client %s message", action, action)
	default:
		var best []frameProblem
		for _, m := range w.api.server[action] {
			problems := m.validateFrame(frame)
			if len(problems) == 0 {
				return
			}
			if best == nil {
				best = problems
			}
		}
		names := make([]string, len(w.api.server[action]))
		for i, m := range w.api.server[action] {
			names[i] = m.name
		}
		for _, p := range best {
			c.violate("invalid-frame", p.location, "a %s frame does not match %s: %s (%s)", action, strings.Join(names, " or "), p.message, p.code)
		}
	}
}

// frameCheck returns the check collecting unsolicited frames of an action.
func (w *wsRun) frameCheck(action string) *Check {
	i, ok := w.frameChecks[action]
	if !ok {
		w.rep.Checks = append(w.rep.Checks, Check{ID: "ws:" + action + ":" + kindFrames, Kind: kindFrames,
			Operation: action, Request: "frames received with action " + action})
		i = len(w.rep.Checks) - 1
		w.frameChecks[action] = i
	}
	return &w.rep.Checks[i]
}

// drain checks frames that arrive shortly after the last example.
func (w *wsRun) drain(ctx context.Context) {
	if w.closed != nil {
		return
	}
	timer := time.NewTimer(min(drainTimeout, w.r.opts.ReplyTimeout))
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
			return
		case in, ok := <-w.frames:
			if !ok || in.err != nil {
				w.closed = closedErr(in, ok)
				return
			}
			w.unsolicited(in.data)
		}
	}
}

// sentAction reports whether a client message of the action was sent.
func (w *wsRun) sentAction(action string) bool {
	for m := range w.sent {
		if m.action == action {
			return true
		}
	}
	return false
}

// classifyError judges an error answer to a documented example: 501 is
// unimplemented; 400, 413, 415 and 422 reject a frame the contract says is valid.
func (w *wsRun) classifyError(c *Check, m *wsMessage, frame map[string]any) {
	status := frameStatus(frame)
	switch {
	case status == http.StatusNotImplemented:
		c.Result = Unimplemented
	case rejectsValid(status) && c.Kind == kindExample:
		c.violate("rejected-example", "frame.statusCode", "answered %d%s to a documented %s example, which the contract says is valid",
			status, frameError(frame), m.name)
	}
}

// frameStatus returns an error frame's statusCode, 0 without one.
func frameStatus(frame map[string]any) int {
	status, _ := frame["statusCode"].(float64)
	return int(status)
}

func closedErr(in incoming, ok bool) error {
	if !ok || in.err == nil {
		return fmt.Errorf("the connection ended")
	}
	if s := websocket.CloseStatus(in.err); s != -1 {
		return fmt.Errorf("closed with status %d", s)
	}
	return in.err
}

func replyNames(m *wsMessage) string {
	names := make([]string, len(m.replies))
	for i, r := range m.replies {
		names[i] = r.name
	}
	return strings.Join(names, " or ")
}

// frameError returns " (code: message)" for a failed frame, or "".
func frameError(frame map[string]any) string {
	code, _ := frame["error"].(string)
	msg, _ := frame["message"].(string)
	switch {
	case code != "" && msg != "":
		return fmt.Sprintf(" (%s: %s)", truncate(code, 64), truncate(msg, 200))
	case msg != "":
		return fmt.Sprintf(" (%s)", truncate(msg, 200))
	case code != "":
		return fmt.Sprintf(" (%s)", truncate(code, 64))
	}
	return ""
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
