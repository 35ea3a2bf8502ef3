package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// maxResponseBytes bounds how much of an answer is read.
const maxResponseBytes = 16 << 20

// giveUpAfter is how many requests may go unanswered before the target counts as unreachable.
const giveUpAfter = 3

// runREST plans and sends every REST check but those of the operations
// x-verify.last names (runLast sends them), signing in first when the contract
// says how.
func (r *runner) runREST(ctx context.Context, rep *Report) error {
	api := r.api
	plans := map[string][]*request{}
	for _, o := range api.ops {
		plans[o.id] = api.plan(o)
	}
	r.seen = map[answered]bool{}
	sent, answered := 0, 0
	var firstErr error
	exec := func(req *request) {
		c, _ := r.send(ctx, req)
		if c.Result != Skipped {
			sent++
			if c.Status != 0 {
				answered++
			} else if firstErr == nil && len(c.Violations) > 0 {
				firstErr = errors.New(c.Violations[0].Message)
			}
		}
		rep.Checks = append(rep.Checks, c)
	}

	r.token = r.opts.Token
	done := map[*request]bool{}
	if r.token == "" {
		r.tokenNote = "no token: pass --token"
		if h := api.hints; h.signInOp != "" {
			req := signInRequest(plans[h.signInOp], h.signInExample)
			if req == nil {
				r.tokenNote = fmt.Sprintf("no token: x-verify.signIn names example %q, which %s does not document", h.signInExample, h.signInOp)
			} else {
				done[req] = true
				c, body := r.send(ctx, req)
				sent++
				if c.Status != 0 {
					answered++
				}
				r.token, r.tokenNote = extractToken(&c, body, h)
				rep.Checks = append(rep.Checks, c)
			}
		}
	}
	first, last := ordered(api, plans)
	for _, req := range first {
		if sent >= giveUpAfter && answered == 0 {
			break
		}
		if !done[req] {
			exec(req)
		}
	}
	if sent > 0 && answered == 0 {
		return fmt.Errorf("%w: the target answered none of the first %d requests: %v", ErrCannotRun, sent, firstErr)
	}
	for _, req := range last {
		if !done[req] {
			r.last = append(r.last, req)
		}
	}
	return nil
}

// runLast sends the checks of the operations x-verify.last names, after the
// WebSocket ones (signing out would end the session they need).
func (r *runner) runLast(ctx context.Context, rep *Report) {
	for _, req := range r.last {
		c, _ := r.send(ctx, req)
		rep.Checks = append(rep.Checks, c)
	}
}

// restCoverage counts the operations and documented statuses the checks exercised.
func (r *runner) restCoverage(rep *Report) {
	api := r.api
	for _, o := range api.ops {
		for _, key := range o.documentedStatuses() {
			rep.Coverage.Statuses++
			if r.seen[answered{o.id, key}] {
				rep.Coverage.StatusesSeen++
			}
		}
	}
	rep.Coverage.Operations = len(api.ops)
	for _, o := range api.ops {
		implemented, unimplemented := false, false
		for _, c := range rep.Checks {
			if c.Operation != o.id || c.Kind != kindExample {
				continue
			}
			if c.Status == http.StatusNotImplemented {
				unimplemented = true
			} else if c.Status != 0 {
				implemented = true
			}
		}
		switch {
		case implemented:
			rep.Coverage.Implemented++
		case unimplemented:
			rep.Coverage.Unimplemented++
		}
	}
}

// signInRequest picks the sign-in example among an operation's requests.
func signInRequest(reqs []*request, example string) *request {
	for _, q := range reqs {
		if q.kind == kindExample && (example == "" || q.name == example) {
			return q
		}
	}
	return nil
}

// ordered returns the requests in the order they are sent: reads, then writes,
// then deletes; and apart, the requests of the operations x-verify.last names (in its order).
func ordered(api *restAPI, plans map[string][]*request) (first, last []*request) {
	rank := func(method string) int {
		switch method {
		case http.MethodGet, http.MethodHead:
			return 0
		case http.MethodDelete:
			return 2
		}
		return 1
	}
	var ops []*operation
	for _, o := range api.ops {
		if !slices.Contains(api.hints.last, o.id) {
			ops = append(ops, o)
		}
	}
	slices.SortStableFunc(ops, func(a, b *operation) int { return rank(a.method) - rank(b.method) })
	for _, o := range ops {
		first = append(first, plans[o.id]...)
	}
	for _, id := range api.hints.last {
		last = append(last, plans[id]...)
	}
	return first, last
}

// extractToken reads the token from a sign-in answer, or says why it cannot.
func extractToken(c *Check, body []byte, h restHints) (string, string) {
	if c.Result == Unimplemented || c.Status < 200 || c.Status > 299 {
		c.violate("sign-in-failed", "status", "signing in (%s) was answered %d; secured operations cannot be checked", c.Request, c.Status)
		return "", fmt.Sprintf("no token: signing in (%s) was answered %d", c.ID, c.Status)
	}
	tok, ok := pointerString(body, h.tokenPointer)
	if !ok {
		c.violate("sign-in-failed", "body"+strings.ReplaceAll(h.tokenPointer, "/", "."), "the sign-in answer has no string token at %s", h.tokenPointer)
		return "", fmt.Sprintf("no token: the sign-in answer has no token at %s", h.tokenPointer)
	}
	c.Note = "signed in; token read from " + h.tokenPointer
	return tok, ""
}

// pointerString resolves a JSON pointer to a non-empty string in a JSON document.
func pointerString(data []byte, ptr string) (string, bool) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return "", false
	}
	s, ok := lookup(v, ptr).(string)
	return s, ok && s != ""
}

// send sends one request and checks the answer.
// It returns the check and the answer's body.
func (r *runner) send(ctx context.Context, req *request) (Check, []byte) {
	c := Check{ID: req.id, Kind: req.kind, Operation: req.op.id, Request: req.describe(r.base.Path)}
	if req.skip != "" {
		c.Result, c.Note = Skipped, req.skip
		return c, nil
	}
	if req.auth && r.token == "" {
		c.Result, c.Note = Skipped, r.tokenNote
		return c, nil
	}
	start := time.Now()
	body, resp, err := r.do(ctx, req)
	c.Duration = time.Since(start)
	if resp == nil {
		c.violate("no-answer", "", "no answer: %v", redact(err.Error(), r.token))
		return c, nil
	}
	c.Status = resp.StatusCode
	switch {
	case err != nil:
		c.violate("no-answer", "body", "the answer's body could not be read: %v", redact(err.Error(), r.token))
	case len(body) > maxResponseBytes:
		c.violate("body-too-large", "body", "the answer's body is larger than %d MiB", maxResponseBytes>>20)
	default:
		r.checkAnswer(&c, req, resp, body)
	}
	return c, body
}

// do sends a request and reads the answer's body. resp is nil when no answer came.
func (r *runner) do(ctx context.Context, req *request) ([]byte, *http.Response, error) {
	hreq, err := r.build(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	resp, err := r.opts.Client.Do(hreq)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	return body, resp, err
}

// build turns a planned request into an HTTP request.
func (r *runner) build(ctx context.Context, req *request) (*http.Request, error) {
	q := req.query
	header := req.header.Clone()
	for _, s := range req.op.security {
		if !req.auth {
			break
		}
		value := r.token
		if s.bearer {
			value = "Bearer " + value
		}
		if s.in == "query" {
			q = cloneValues(q)
			q.Set(s.name, value)
		} else {
			header.Set(s.name, value)
		}
	}
	target := r.base.String() + req.path
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	var body io.Reader
	if req.body != nil {
		body = bytes.NewReader(req.body)
	}
	hreq, err := http.NewRequestWithContext(ctx, req.op.method, target, body)
	if err != nil {
		return nil, err
	}
	hreq.Header = header
	hreq.Header.Set("Accept", "application/json")
	if req.body != nil {
		hreq.Header.Set("Content-Type", req.mediaType)
	}
	return hreq, nil
}

// checkAnswer checks an answer's status and body against the operation, and
// records a documented status in r.seen.
func (r *runner) checkAnswer(c *Check, req *request, resp *http.Response, body []byte) {
	status := resp.StatusCode
	o := req.op
	if status == http.StatusNotImplemented {
		c.Result, c.Note = Unimplemented, "the target answered 501 Not Implemented"
		return
	}
	doc, key := o.response(status)
	if doc != nil {
		r.seen[answered{o.id, key}] = true
	}
	switch {
	case req.negative && status >= 200 && status < 300:
		c.violate("accepted-invalid-request", "status", "answered %d to a request with %s %s; want a documented 4xx error", status, brokenWhat(req), req.what)
	case status >= 500:
		c.violate("server-error", "status", "answered %d %s%s", status, http.StatusText(status), errorCode(body))
	case req.negative && (status < 400 || status >= 500):
		c.violate("not-client-error", "status", "answered %d to a request with %s %s; want a documented 4xx error", status, brokenWhat(req), req.what)
	}
	if doc == nil {
		c.violate("undocumented-status", "status", "answered %d, which %s does not document (documented: %s)",
			status, o.id, strings.Join(o.documentedStatuses(), ", "))
		return
	}
	if !req.negative && status >= 300 && status < 500 {
		c.Note = fmt.Sprintf("answered %d %s%s", status, http.StatusText(status), errorCode(body))
		if rejectsValid(status) && req.kind == kindExample {
			c.violate("rejected-example", "status", "answered %d %s%s to a documented request example, which the contract says is valid",
				status, http.StatusText(status), errorCode(body))
		}
	}
	r.checkBody(c, doc, resp.Header.Get("Content-Type"), body, req.op.method)
}

// rejectsValid reports whether a status says the request itself is malformed or invalid.
func rejectsValid(status int) bool {
	switch status {
	case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity:
		return true
	}
	return false
}

func brokenWhat(req *request) string {
	switch req.kind {
	case kindMissingField:
		return "required field"
	case kindWrongType:
		return "a wrong-typed"
	}
	return "no"
}

// errorCode returns " (code)" for an error body with a string "error" or "code", else "".
func errorCode(body []byte) string {
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return ""
	}
	for _, k := range []string{"error", "code"} {
		if s, ok := m[k].(string); ok && s != "" && len(s) <= 64 {
			return " (" + s + ")"
		}
	}
	return ""
}

// checkBody checks the media type and validates the body against the documented response.
func (r *runner) checkBody(c *Check, doc *openapi3.Response, contentType string, body []byte, method string) {
	if len(doc.Content) == 0 {
		if len(body) > 0 && method != http.MethodHead {
			c.violate("unexpected-body", "body", "the answer has a body, but the documented response has none")
		}
		return
	}
	if len(body) == 0 {
		if method != http.MethodHead {
			c.violate("missing-body", "body", "the answer has no body; documented: %s", strings.Join(sortedMedia(doc.Content), ", "))
		}
		return
	}
	media, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		c.violate("unexpected-content-type", "header.Content-Type", "the answer's Content-Type %q cannot be parsed; documented: %s", contentType, strings.Join(sortedMedia(doc.Content), ", "))
		return
	}
	mt := doc.Content.Get(media)
	if mt == nil {
		c.violate("unexpected-content-type", "header.Content-Type", "the answer is %s; documented: %s", media, strings.Join(sortedMedia(doc.Content), ", "))
		return
	}
	if !isJSONMedia(media) || mt.Schema == nil || mt.Schema.Value == nil {
		return
	}
	var value any
	if err := json.Unmarshal(body, &value); err != nil {
		c.violate("malformed-json", "body", "the answer's body is not valid JSON")
		return
	}
	for _, f := range r.api.val.Value(mt.Schema.Value, value, false, "body") {
		c.violate("invalid-body", f.Location, "%s (%s)", f.Message, f.Code)
	}
}

// redact removes a token from a message.
func redact(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, "<token>")
}
