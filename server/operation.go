package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/labstack/echo/v5"

	"github.com/talkamie/contract/internal/validate"
)

// operation returns the middleware that guards one operation: it reads the
// body within the limit, validates the request (authentication included),
// puts the principal in the request context, hands the generated handler the
// validated body, and validates the response when asked to.
func (s *server) operation(route *routers.Route) echo.MiddlewareFunc {
	op := route.Operation
	public := op.Security != nil && len(*op.Security) == 0
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			c.Set(ctxKeyOperation, op.OperationID)
			r := c.Request()
			body, fail := s.val.ReadBody(r)
			if fail != nil {
				return fail
			}
			query, cleaned := withoutEmpty(r.URL.Query())
			state := &authState{}
			vctx := context.WithValue(r.Context(), authStateKey{}, state)
			value, fail := s.val.Request(vctx, validate.Input{
				Request:    r,
				Route:      route,
				PathParams: pathParams(c),
				Query:      query,
				Body:       body,
			})
			if state.err != nil {
				return fmt.Errorf("authenticate: %w", state.err)
			}
			if fail != nil {
				return fail
			}
			principal := state.principal
			if principal == nil && public {
				p, err := s.optionalPrincipal(r)
				if err != nil {
					return err
				}
				principal = p
			}

			ctx := r.Context()
			if principal != nil {
				ctx = context.WithValue(ctx, principalKey{}, principal)
			}
			r = r.WithContext(ctx)
			if cleaned {
				// The generated binder would fail on "minAge=": drop empty values.
				u := *r.URL
				u.RawQuery = query.Encode()
				r.URL = &u
			}
			r.Body = &validatedBody{Reader: bytes.NewReader(body), value: value}
			c.SetRequest(r)

			if !s.cfg.validateResponse {
				return next(c)
			}
			return s.checkedResponse(c, route, next)
		}
	}
}

// optionalPrincipal authenticates a public operation's caller when a token is
// present: a valid token gives a principal, a rejected one makes the caller
// anonymous (the web client sends stale tokens to public operations).
func (s *server) optionalPrincipal(r *http.Request) (*Principal, error) {
	token := bearerToken(r.Header.Get("Authorization"))
	if token == "" {
		return nil, nil
	}
	p, err := s.cfg.auth.Authenticate(r.Context(), token)
	switch {
	case errors.Is(err, ErrUnauthenticated):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	return &p, nil
}

// verify is the validator's credential check: it asks the Authenticator and
// leaves the principal (or a failure that is not a rejection) in the request's
// authState.
func (s *server) verify(ctx context.Context, _ string, token string) bool {
	state, _ := ctx.Value(authStateKey{}).(*authState)
	p, err := s.cfg.auth.Authenticate(ctx, token)
	if err != nil {
		if state != nil && !errors.Is(err, ErrUnauthenticated) {
			state.err = err
		}
		return false
	}
	if state != nil {
		state.principal = &p
	}
	return true
}

// validatedBody is the request body after validation: the bytes, and the
// decoded value the generated strict handler binds from (matching member
// names exactly, so a case-variant key cannot reach a field).
type validatedBody struct {
	*bytes.Reader
	value any
}

// ValidatedValue returns the value the validator checked.
func (b *validatedBody) ValidatedValue() any { return b.value }

// Close does nothing: the bytes are in memory.
func (b *validatedBody) Close() error { return nil }

func pathParams(c *echo.Context) map[string]string {
	pv := c.PathValues()
	if len(pv) == 0 {
		return nil
	}
	m := make(map[string]string, len(pv))
	for _, p := range pv {
		m[p.Name] = p.Value
	}
	return m
}

// withoutEmpty drops empty query values (the web client sends unset filters
// as "k="); cleaned reports whether any was dropped.
func withoutEmpty(q url.Values) (out url.Values, cleaned bool) {
	for k, vs := range q {
		kept := vs[:0]
		for _, v := range vs {
			if v != "" {
				kept = append(kept, v)
			}
		}
		if len(kept) != len(vs) {
			cleaned = true
		}
		if len(kept) == 0 {
			delete(q, k)
		} else {
			q[k] = kept
		}
	}
	return q, cleaned
}

// checkedResponse runs next with a buffered response writer and validates
// what the implementation wrote before sending it.
func (s *server) checkedResponse(c *echo.Context, route *routers.Route, next echo.HandlerFunc) error {
	orig := c.Response()
	rec := &recorder{header: http.Header{}}
	c.SetResponse(rec)
	// Restore the writer even if next panics: Recover's error is rendered on it.
	defer c.SetResponse(orig)
	err := next(c)
	c.SetResponse(orig)
	if err != nil {
		return err
	}
	if fs := s.responseFindings(route.Operation, rec); len(fs) > 0 {
		return &responseError{operation: route.Operation.OperationID, findings: fs}
	}
	h := orig.Header()
	for k, vs := range rec.header {
		h[k] = vs
	}
	orig.WriteHeader(rec.statusOr200())
	_, werr := orig.Write(rec.body.Bytes())
	return werr
}

// responseFindings checks a recorded response against the operation: a
// declared status, a declared media type and a body that matches its schema.
func (s *server) responseFindings(op *openapi3.Operation, rec *recorder) []validate.Finding {
	status := rec.statusOr200()
	ref := op.Responses.Status(status)
	if ref == nil {
		ref = op.Responses.Default()
	}
	if ref == nil || ref.Value == nil {
		return []validate.Finding{{Location: "status", Code: "undeclared-status", Message: "status " + strconv.Itoa(status) + " is not declared for this operation"}}
	}
	content := ref.Value.Content
	if len(content) == 0 {
		if rec.body.Len() > 0 {
			return []validate.Finding{{Location: "body", Code: "unexpected-body", Message: "this response has no body in the contract"}}
		}
		return nil
	}
	mediaType, _, err := mime.ParseMediaType(rec.header.Get("Content-Type"))
	mt := content.Get(mediaType)
	if err != nil || mt == nil {
		return []validate.Finding{{Location: "header.Content-Type", Code: "unsupported-media-type", Message: "the response's media type is not declared for this status"}}
	}
	if mt.Schema == nil || mt.Schema.Value == nil {
		return nil
	}
	var v any
	if err := json.Unmarshal(rec.body.Bytes(), &v); err != nil {
		return []validate.Finding{{Location: "body", Code: "malformed-json", Message: "the response body is not valid JSON"}}
	}
	return validate.Sort(s.val.Value(mt.Schema.Value, v, false, "body"))
}

// recorder buffers a response so it can be validated before it is sent.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(p)
}

func (r *recorder) statusOr200() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}

var _ io.ReadCloser = (*validatedBody)(nil)
