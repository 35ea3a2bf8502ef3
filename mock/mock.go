package mock

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/internal/envelope"
	"github.com/talkamie/contract/internal/oasutil"
	"github.com/talkamie/contract/internal/validate"
)

// ErrInvalidDocument is wrapped by New's errors for a document that cannot be
// loaded or breaks OpenAPI 3.0.
var ErrInvalidDocument = errors.New("invalid OpenAPI document")

// corsHeaders are the request headers the real browser client sends; header
// parameters of the document are added to them.
const corsHeaders = "Authorization, Content-Type, Accept, x-user-timezone-offset, x-auth-provider"

// Spec is a bundled contract: an OpenAPI 3.0 document (YAML or JSON) and,
// optionally, its AsyncAPI document.
type Spec struct {
	OpenAPI  []byte
	AsyncAPI []byte
}

// Mock is a validating mock server for one contract. It is an http.Handler,
// safe for concurrent use, and holds no per-request state.
type Mock struct {
	cfg       config
	spec      Spec
	doc       *openapi3.T
	base      string
	router    router
	ops       []*operation
	byKey     map[string]*operation
	env       *envelope.Envelope
	val       *validate.Validator
	responder Responder
	allowHdrs string
	allMethod string
	aux       *aux
}

// New loads and checks spec and returns its mock. It fails when the document
// is invalid, when its x-error-envelope is malformed, or when any documented
// example breaks its schema (the error joins one *ExampleError per problem).
func New(spec Spec, opts ...Option) (*Mock, error) {
	m := &Mock{cfg: defaultConfig(), spec: spec, byKey: map[string]*operation{}}
	for _, o := range opts {
		o(&m.cfg)
	}
	// Parse the YAML once: the node tree keeps the order of examples, and its
	// JSON form loads without a second YAML pass.
	var order yaml.Node
	if err := yaml.Unmarshal(spec.OpenAPI, &order); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidDocument, err)
	}
	data, err := yamlToJSON(&order)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidDocument, err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidDocument, err)
	}
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidDocument, err)
	}
	m.doc = doc
	if m.env, err = envelope.FromDocument(doc); err != nil {
		return nil, err
	}
	m.val = validate.New(validate.WithMaxBodyBytes(m.cfg.maxBody))
	m.base = oasutil.BasePath(doc)
	if m.cfg.basePath != nil {
		m.base = "/" + strings.Trim(*m.cfg.basePath, "/")
		if m.base == "/" {
			m.base = ""
		}
	}
	if err := m.compile(doc, &order); err != nil {
		return nil, err
	}
	for _, o := range m.ops {
		m.byKey[o.info.Method+" "+o.info.Path] = o
	}
	m.responder = m.cfg.responder
	if m.responder == nil {
		m.responder = exampleResponder{m}
	}
	m.allowHdrs, m.allMethod = corsLists(doc, m.ops)
	m.aux = newAux(m)
	return m, nil
}

func corsLists(doc *openapi3.T, ops []*operation) (headers, methods string) {
	seen := map[string]bool{}
	var hs []string
	add := func(h string) {
		if k := strings.ToLower(h); !seen[k] {
			seen[k] = true
			hs = append(hs, h)
		}
	}
	for _, h := range strings.Split(corsHeaders, ", ") {
		add(h)
	}
	var extra, ms []string
	for _, o := range ops {
		params := append(slices.Clone(o.route.PathItem.Parameters), o.route.Operation.Parameters...)
		for _, p := range params {
			if p != nil && p.Value != nil && p.Value.In == "header" {
				extra = append(extra, p.Value.Name)
			}
		}
		if !slices.Contains(ms, o.info.Method) {
			ms = append(ms, o.info.Method)
		}
	}
	if doc.Components != nil {
		for _, s := range doc.Components.SecuritySchemes {
			if s != nil && s.Value != nil && s.Value.Type == "apiKey" && s.Value.In == "header" {
				extra = append(extra, s.Value.Name)
			}
		}
	}
	slices.Sort(extra)
	for _, h := range extra {
		add(h)
	}
	ms = append(ms, http.MethodOptions)
	slices.Sort(ms)
	return strings.Join(hs, ", "), strings.Join(ms, ", ")
}

// BasePath is the path prefix the API is served under ("/v1").
func (m *Mock) BasePath() string { return m.base }

// Operations lists the documented operations, sorted by path and method.
func (m *Mock) Operations() []Operation {
	out := make([]Operation, len(m.ops))
	for i, o := range m.ops {
		out[i] = o.info
	}
	return out
}

// Example is one documented response example, as the mock serves it.
type Example struct {
	Operation Operation
	Status    int    // the status it is served with
	Code      string // the documented response code ("200", "default")
	Name      string // "" for a response without a body; "generated" when the document has none
	Body      []byte // the exact bytes sent
}

// Examples lists every response example of every operation, in document
// order; an operation's first entry is its default answer.
func (m *Mock) Examples() []Example {
	var out []Example
	for _, o := range m.ops {
		def, _ := o.pick(0, "")
		var ordered []*response
		if def != nil {
			ordered = append(ordered, def)
		}
		for _, r := range o.responses {
			if r != def {
				ordered = append(ordered, r)
			}
		}
		for _, r := range ordered {
			for _, e := range r.examples {
				out = append(out, Example{Operation: o.info, Status: r.status, Code: r.code, Name: e.name, Body: e.body})
			}
		}
	}
	return out
}

// ErrorSchema is the schema every error body the mock renders satisfies.
func (m *Mock) ErrorSchema() *openapi3.Schema { return m.env.Schema() }

// statusWriter records the status and example for the log line.
type statusWriter struct {
	http.ResponseWriter
	status  int
	example string
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// ServeHTTP serves the API under the base path and the docs around it.
func (m *Mock) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			m.cfg.logger.Error("panic while serving", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(p))
			if sw.status == 0 {
				m.writeError(sw, http.StatusInternalServerError, "internal-error", "the mock failed to answer", nil)
			}
		}
		if !m.cfg.logger.Enabled(r.Context(), slog.LevelInfo) {
			return
		}
		m.cfg.logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.String("example", sw.example),
			slog.Duration("duration", time.Since(start)))
	}()
	m.setCORS(sw, r)
	escaped := r.URL.EscapedPath()
	if rest, ok := m.underBase(escaped); ok {
		if item, params, found := m.router.match(rest); found {
			m.serveAPI(sw, r, item, params)
			return
		}
	}
	if r.Method == http.MethodOptions {
		m.preflight(sw, r, m.allMethod)
		return
	}
	if m.aux.serve(sw, r) {
		return
	}
	rest, _ := m.underBase(escaped)
	near := m.router.nearest(rest, 3)
	for i := range near {
		near[i] = m.base + near[i]
	}
	m.writeError(sw, http.StatusNotFound, "not-found",
		"no documented operation at "+r.Method+" "+truncate(r.URL.Path, 200),
		[]validate.Finding{{Location: "path", Code: "unknown-path", Message: "nearest documented: " + strings.Join(near, ", ")}})
}

func (m *Mock) underBase(escaped string) (string, bool) {
	if m.base == "" {
		return escaped, true
	}
	rest, ok := strings.CutPrefix(escaped, m.base)
	if !ok || (rest != "" && rest[0] != '/') {
		return escaped, false
	}
	return rest, true
}

func (m *Mock) serveAPI(w *statusWriter, r *http.Request, item *pathItem, params map[string]string) {
	op := item.ops[r.Method]
	if op == nil {
		if r.Method == http.MethodOptions {
			m.preflight(w, r, strings.Join(append(slices.Clone(item.methods), http.MethodOptions), ", "))
			return
		}
		w.Header().Set("Allow", strings.Join(item.methods, ", "))
		m.writeError(w, http.StatusMethodNotAllowed, "method-not-allowed",
			r.Method+" is not documented for "+m.base+item.template+"; documented: "+strings.Join(item.methods, ", "), nil)
		return
	}
	query := r.URL.Query()
	prefer, perr := parsePreferences(r.Header, query)
	if perr != nil {
		m.writeError(w, http.StatusBadRequest, perr.Code, perr.Message, []validate.Finding{{Location: perr.Location, Code: perr.Code, Message: perr.Message}})
		return
	}
	for k := range query {
		if strings.HasPrefix(k, "__") {
			delete(query, k)
		}
	}
	body, fail := m.val.ReadBody(r)
	var value any
	if fail == nil {
		value, fail = m.val.Request(r.Context(), validate.Input{Request: r, Route: op.route, PathParams: params, Query: query, Body: body})
	}
	if fail != nil {
		m.writeError(w, fail.Status, fail.Code, fail.Message, fail.Findings)
		return
	}
	resp, err := m.responder.Respond(r.Context(), &Request{Operation: op.info, HTTP: r, PathParams: params, Query: query, Body: value, Prefer: prefer})
	var pe *PreferenceError
	switch {
	case errors.As(err, &pe):
		m.writeError(w, http.StatusBadRequest, pe.Code, pe.Message, []validate.Finding{{Location: pe.Location, Code: pe.Code, Message: pe.Message}})
		return
	case err != nil:
		m.cfg.logger.Error("responder failed", "operation", op.name, "err", err)
		m.writeError(w, http.StatusInternalServerError, "internal-error", "the mock failed to answer", nil)
		return
	}
	data, media, err := m.encode(op, resp)
	if err != nil {
		m.cfg.logger.Error("response breaks the contract", "operation", op.name, "err", err)
		m.writeError(w, http.StatusInternalServerError, "invalid-response", "the mock's response breaks the contract", nil)
		return
	}
	w.example = resp.Example
	if !m.wait(r.Context(), prefer.Delay) {
		return
	}
	h := w.Header()
	for k, vs := range resp.Header {
		h[k] = vs
	}
	if media != "" && len(data) > 0 {
		h.Set("Content-Type", media)
	}
	w.WriteHeader(resp.Status)
	if len(data) > 0 && r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// wait sleeps for the requested or configured latency; false when the
// client went away meanwhile.
func (m *Mock) wait(ctx context.Context, requested time.Duration) bool {
	d := requested
	if d < 0 {
		d = m.cfg.minLatency
		if span := m.cfg.maxLatency - m.cfg.minLatency; span > 0 {
			d += time.Duration(rand.Int64N(int64(span) + 1))
		}
	}
	d = min(d, m.cfg.maxDelay)
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func (m *Mock) setCORS(w http.ResponseWriter, r *http.Request) {
	origin := r.Header.Get("Origin")
	if origin == "" || (m.cfg.origins != nil && !m.cfg.origins[origin]) {
		return
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Allow-Credentials", "true")
	h.Add("Vary", "Origin")
}

func (m *Mock) preflight(w *statusWriter, r *http.Request, methods string) {
	h := w.Header()
	if h.Get("Access-Control-Allow-Origin") != "" {
		h.Set("Access-Control-Allow-Methods", methods)
		h.Set("Access-Control-Allow-Headers", m.allowHdrs)
		h.Set("Access-Control-Max-Age", "600")
	}
	h.Set("Allow", methods)
	w.example = "preflight"
	w.WriteHeader(http.StatusNoContent)
}

func (m *Mock) writeError(w http.ResponseWriter, status int, code, message string, details []validate.Finding) {
	body := m.env.Render(envelope.Error{Status: status, Code: code, Message: message, Details: details})
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
