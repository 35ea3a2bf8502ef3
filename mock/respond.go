package mock

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Responder produces the answer to a request that passed validation. The
// default one replays the documented examples; a stateful world plugs in
// here. Whatever it returns is validated against the contract before it is
// sent (a *PreferenceError becomes a 400, any other error a 500).
type Responder interface {
	Respond(ctx context.Context, req *Request) (*Response, error)
}

// ResponderFunc adapts a function to Responder.
type ResponderFunc func(ctx context.Context, req *Request) (*Response, error)

// Respond calls f.
func (f ResponderFunc) Respond(ctx context.Context, req *Request) (*Response, error) {
	return f(ctx, req)
}

// Request is a validated request.
type Request struct {
	Operation  Operation
	HTTP       *http.Request
	PathParams map[string]string
	Query      url.Values // without empty values and the __ preference parameters
	Body       any        // the validated JSON body, nil without one
	Prefer     Preference
}

// Preference is what the client asked for with Prefer or __ query parameters.
type Preference struct {
	Code    int           // 0: the default response
	Example string        // "": the response's first example
	Dynamic bool          // generate the body from the schema
	Delay   time.Duration // -1: not set
}

// Response is a Responder's answer.
type Response struct {
	Status  int
	Header  http.Header
	Body    any    // a JSON value; nil for no body
	Example string // the example's name, for the log

	encoded []byte // set by the example responder: validated at start-up
	media   string
}

// PreferenceError is a preference the operation cannot satisfy (an unknown
// code or example); it names what exists.
type PreferenceError struct {
	Location string // "header.Prefer" or "query.__example"
	Code     string // unknown-response, unknown-example, invalid-preference
	Message  string
}

// Error returns the message.
func (e *PreferenceError) Error() string { return e.Message }

// parsePreferences reads Prefer headers and __code, __example, __dynamic,
// __delay query parameters (the query wins).
func parsePreferences(h http.Header, q url.Values) (Preference, *PreferenceError) {
	p := Preference{Delay: -1}
	set := func(loc, key, val string) *PreferenceError {
		val = strings.Trim(strings.TrimSpace(val), `"`)
		switch key {
		case "code":
			n, err := strconv.Atoi(val)
			if err != nil || n < 100 || n > 599 {
				return &PreferenceError{loc, "invalid-preference", "code must be an HTTP status between 100 and 599"}
			}
			p.Code = n
		case "example":
			p.Example = val
		case "dynamic":
			b, err := strconv.ParseBool(val)
			if err != nil {
				return &PreferenceError{loc, "invalid-preference", "dynamic must be true or false"}
			}
			p.Dynamic = b
		case "delay":
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 {
				return &PreferenceError{loc, "invalid-preference", "delay must be a number of milliseconds"}
			}
			p.Delay = time.Duration(n) * time.Millisecond
		}
		return nil
	}
	for _, line := range h.Values("Prefer") {
		for _, tok := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ';' }) {
			k, v, ok := strings.Cut(strings.TrimSpace(tok), "=")
			if !ok {
				continue
			}
			if err := set("header.Prefer", strings.ToLower(strings.TrimSpace(k)), v); err != nil {
				return p, err
			}
		}
	}
	for _, key := range []string{"code", "example", "dynamic", "delay"} {
		if vs, ok := q["__"+key]; ok && len(vs) > 0 {
			if err := set("query.__"+key, key, vs[0]); err != nil {
				return p, err
			}
		}
	}
	return p, nil
}

// exampleResponder answers from the documented examples.
type exampleResponder struct{ m *Mock }

func (er exampleResponder) Respond(_ context.Context, req *Request) (*Response, error) {
	op := er.m.byKey[req.Operation.Method+" "+req.Operation.Path]
	if op == nil {
		return nil, fmt.Errorf("operation %s %s is not compiled", req.Operation.Method, req.Operation.Path)
	}
	p := req.Prefer
	loc := func(key string) string {
		if req.Query != nil && req.HTTP.URL.Query().Has("__"+key) {
			return "query.__" + key
		}
		return "header.Prefer"
	}
	r, status := op.pick(p.Code, p.Example)
	if r == nil {
		if p.Code != 0 {
			return nil, &PreferenceError{loc("code"), "unknown-response", fmt.Sprintf("%s documents no response %d; documented: %s", op.name, p.Code, strings.Join(op.codes(), ", "))}
		}
		return nil, &PreferenceError{loc("example"), "unknown-example", fmt.Sprintf("%s has no example %q; documented: %s", op.name, p.Example, strings.Join(op.exampleNames(), ", "))}
	}
	resp := &Response{Status: status, media: r.mediaType}
	if len(r.header) > 0 {
		resp.Header = r.header.Clone()
	}
	if p.Dynamic && r.schema != nil {
		// Deterministic per seed and request; validated before it is sent.
		key := req.Operation.Method + " " + req.HTTP.URL.Path + "?" + req.Query.Encode() + " " + r.code
		for attempt := range 4 {
			v := newGenerator(er.m.cfg.seed+int64(attempt), key).value(r.schema, 0)
			if fs := er.m.val.Value(r.schema, v, false, ""); len(fs) == 0 {
				if raw, err := marshal(v); err == nil {
					resp.Example, resp.encoded = "dynamic", raw
					return resp, nil
				}
			}
		}
		er.m.cfg.logger.Warn("generated data breaks the schema; serving the first example", "operation", op.name, "status", r.code)
	}
	ex := r.examples[0]
	if p.Example != "" {
		ex = nil
		for _, e := range r.examples {
			if e.name == p.Example {
				ex = e
			}
		}
		if ex == nil {
			names := make([]string, len(r.examples))
			for i, e := range r.examples {
				names[i] = e.name
			}
			return nil, &PreferenceError{loc("example"), "unknown-example", fmt.Sprintf("response %s of %s has no example %q; documented: %s", r.code, op.name, p.Example, strings.Join(names, ", "))}
		}
	}
	resp.Example, resp.encoded = ex.name, ex.body
	if resp.encoded == nil {
		resp.encoded = []byte{}
	}
	return resp, nil
}

// pick chooses the response for a requested code and example name, and the
// status to send. Without a code: the response holding the example, or the
// lowest 2xx, or the first documented one.
func (o *operation) pick(code int, exampleName string) (*response, int) {
	if code != 0 {
		if r := o.documented(code); r != nil {
			return r, code
		}
		return nil, 0
	}
	if exampleName != "" {
		for _, r := range o.responses {
			for _, e := range r.examples {
				if e.name == exampleName {
					return r, r.status
				}
			}
		}
		return nil, 0
	}
	for _, r := range o.responses {
		if r.status >= 200 && r.status < 300 && r.code != "default" {
			return r, r.status
		}
	}
	if len(o.responses) > 0 {
		return o.responses[0], o.responses[0].status
	}
	return nil, 0
}

// documented finds the response definition for a status sent.
func (o *operation) documented(status int) *response {
	key := strconv.Itoa(status)
	if r := o.byCode[key]; r != nil {
		return r
	}
	if r := o.byCode[key[:1]+"XX"]; r != nil {
		return r
	}
	return o.byCode["default"]
}

func (o *operation) codes() []string {
	out := make([]string, len(o.responses))
	for i, r := range o.responses {
		out[i] = r.code
	}
	return out
}

func (o *operation) exampleNames() []string {
	var out []string
	for _, r := range o.responses {
		for _, e := range r.examples {
			if e.name != "" && !e.generated {
				out = append(out, e.name+" ("+r.code+")")
			}
		}
	}
	if len(out) == 0 {
		return []string{"none"}
	}
	return out
}

// encode returns the body bytes of a response (validating a non-example one
// against the contract first) or the findings that reject it.
func (m *Mock) encode(op *operation, resp *Response) ([]byte, string, error) {
	if resp.encoded != nil {
		return resp.encoded, resp.media, nil
	}
	r := op.documented(resp.Status)
	if r == nil {
		return nil, "", fmt.Errorf("status %d is not documented for %s", resp.Status, op.name)
	}
	if resp.Body == nil {
		if r.mediaType != "" && r.schema != nil {
			return nil, "", fmt.Errorf("response %d of %s needs a body", resp.Status, op.name)
		}
		return []byte{}, "", nil
	}
	if r.mediaType == "" {
		return nil, "", fmt.Errorf("response %d of %s has no body", resp.Status, op.name)
	}
	if r.schema != nil {
		// Round-trip through JSON so Go values validate like decoded ones.
		raw, err := marshal(resp.Body)
		if err != nil {
			return nil, "", err
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, "", err
		}
		if fs := m.val.Value(r.schema, v, false, ""); len(fs) > 0 {
			return nil, "", fmt.Errorf("response %d of %s breaks the contract: %s at %s", resp.Status, op.name, fs[0].Message, pointer(fs[0].Location))
		}
		return raw, r.mediaType, nil
	}
	raw, err := marshal(resp.Body)
	return raw, r.mediaType, err
}
