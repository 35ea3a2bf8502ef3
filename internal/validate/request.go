package validate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// DefaultMaxBodyBytes is the body size limit of a Validator built without
// WithMaxBodyBytes.
const DefaultMaxBodyBytes = 1 << 20

// DefaultMaxDepth is how deeply JSON arrays and objects may nest in a body.
const DefaultMaxDepth = 64

// Validator validates requests and JSON values. It holds no per-request
// state and is safe for concurrent use.
type Validator struct {
	maxBody    int64
	maxDepth   int
	verify     func(ctx context.Context, scheme, credential string) bool
	authMsg    string
	schemaOpts []openapi3.SchemaValidationOption
	// filterOpts are the kin-openapi options of every request, built once
	// (kin-openapi only reads them): [0] validates the body, [1] does not.
	filterOpts [2]*openapi3filter.Options
}

// Option configures a Validator.
type Option func(*Validator)

// WithMaxBodyBytes sets the request body size limit (413 above it).
func WithMaxBodyBytes(n int64) Option {
	return func(v *Validator) {
		if n > 0 {
			v.maxBody = n
		}
	}
}

// WithMaxDepth sets how deeply JSON values may nest in a request body (400
// above it).
func WithMaxDepth(n int) Option {
	return func(v *Validator) {
		if n > 0 {
			v.maxDepth = n
		}
	}
}

// WithCredentialVerifier makes the validator check the credential of each
// security scheme (a bearer token, an API key) with verify, which reports
// whether it is accepted. Without it any non-empty credential is accepted.
func WithCredentialVerifier(verify func(ctx context.Context, scheme, credential string) bool) Option {
	return func(v *Validator) { v.verify = verify }
}

// WithUnauthorizedMessage words the message of 401 failures in a product's
// own voice ("sign in to continue") instead of UnauthorizedMessage.
func WithUnauthorizedMessage(message string) Option {
	return func(v *Validator) {
		if message != "" {
			v.authMsg = message
		}
	}
}

// New returns a Validator.
func New(opts ...Option) *Validator {
	v := &Validator{maxBody: DefaultMaxBodyBytes, maxDepth: DefaultMaxDepth, authMsg: UnauthorizedMessage}
	for _, o := range opts {
		o(v)
	}
	v.schemaOpts = []openapi3.SchemaValidationOption{
		openapi3.DisableSchemaErrorDetails(),
		openapi3.WithStringFormatValidators(formatValidators()),
	}
	for i, exclude := range []bool{false, true} {
		v.filterOpts[i] = &openapi3filter.Options{
			MultiError:              true,
			KeepValidatedValue:      true,
			AuthenticationFunc:      v.authenticate,
			SchemaValidationOptions: v.schemaOpts,
			ExcludeRequestBody:      exclude,
		}
	}
	return v
}

// MaxBodyBytes is the body size limit.
func (v *Validator) MaxBodyBytes() int64 { return v.maxBody }

// Input is one request to validate.
type Input struct {
	// Request is the HTTP request. Its Body is not read: pass the bytes in Body.
	Request *http.Request
	// Route is the operation the request was routed to.
	Route *routers.Route
	// PathParams holds the decoded path parameters by name.
	PathParams map[string]string
	// Query is the query to validate; nil means Request.URL's. Empty values are
	// dropped either way (the web client sends absent parameters as "k=").
	Query url.Values
	// Body is the request body as returned by ReadBody.
	Body []byte
}

// ReadBody reads r's body up to the validator's limit. It answers a 413
// Failure when the body is larger, and a 400 one when it cannot be read.
func (v *Validator) ReadBody(r *http.Request) ([]byte, *Failure) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	if r.ContentLength > v.maxBody {
		return nil, TooLarge(v.maxBody)
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, v.maxBody+1))
	if err != nil {
		return nil, Malformed(Finding{Location: "body", Code: "unreadable", Message: "the body could not be read"})
	}
	if int64(len(data)) > v.maxBody {
		return nil, TooLarge(v.maxBody)
	}
	return data, nil
}

// Request validates one request: security, parameters and body. It returns
// the validated body value (nil without a JSON body), or the Failure to
// answer with. Security failures win (401, with only the security findings),
// then the media type (415), then malformed bodies (400), then every schema
// problem at once (422).
func (v *Validator) Request(ctx context.Context, in Input) (any, *Failure) {
	r, op := in.Request, in.Route.Operation
	query := in.Query
	if query == nil {
		query = r.URL.Query()
	}
	query = dropEmpty(query)

	var pre *Failure
	if len(in.Body) > 0 {
		pre = v.checkBody(op, r.Header.Get("Content-Type"), in.Body)
	}

	// A shallow copy: kin-openapi replaces the body and may write parameter
	// defaults into the URL and headers, which are copied only when needed.
	req := r.WithContext(ctx)
	u := *r.URL
	req.URL = &u
	if hasHeaderDefaults(in.Route) {
		req.Header = r.Header.Clone()
	}
	req.Body, req.GetBody, req.ContentLength = http.NoBody, nil, 0
	if len(in.Body) > 0 && pre == nil {
		body := in.Body
		req.ContentLength = int64(len(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		req.Body, _ = req.GetBody()
	}
	opts := v.filterOpts[0]
	if pre != nil {
		opts = v.filterOpts[1]
	}
	err := openapi3filter.ValidateRequest(ctx, &openapi3filter.RequestValidationInput{
		Request:     req,
		PathParams:  in.PathParams,
		QueryParams: query,
		Route:       in.Route,
		Options:     opts,
	})
	if sec, ok := securityFindings(err); ok {
		f := Unauthorized(sec...)
		f.Message = v.authMsg
		return nil, f
	}
	if pre != nil {
		return nil, pre
	}
	if err != nil {
		var findings []Finding
		collect(&findings, "", withoutSecurity(err))
		return nil, Invalid(Sort(dedupe(findings))...)
	}
	if vb, ok := req.Body.(interface{ ValidatedValue() any }); ok {
		return vb.ValidatedValue(), nil
	}
	return nil, nil
}

// checkBody checks what kin-openapi does not report precisely: a body on an
// operation without one, the media type, UTF-8, nesting depth and JSON syntax
// (with line and column).
func (v *Validator) checkBody(op *openapi3.Operation, contentType string, body []byte) *Failure {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return Invalid(Finding{Location: "body", Code: "unexpected-body", Message: "this operation takes no request body"})
	}
	content := op.RequestBody.Value.Content
	if len(content) == 0 {
		return nil
	}
	mediaType, _, err := mime.ParseMediaType(contentType)
	if err != nil || content.Get(mediaType) == nil {
		return UnsupportedMediaType(sortedKeys(content))
	}
	if !isJSON(mediaType) {
		return nil
	}
	if !utf8.Valid(body) {
		return Malformed(Finding{Location: "body", Code: "invalid-utf8", Message: "the body is not valid UTF-8"})
	}
	if off, ok := depthWithin(body, v.maxDepth); !ok {
		line, col := LineCol(body, off)
		return Malformed(Finding{Location: "body", Code: "too-deep", Message: sprintf("JSON nests deeper than %d levels at line %d, column %d", v.maxDepth, line, col)})
	}
	if !json.Valid(body) {
		return Malformed(MalformedJSON(body))
	}
	return nil
}

// MalformedJSON describes why data is not valid JSON, with line and column.
func MalformedJSON(data []byte) Finding {
	var raw json.RawMessage
	err := json.Unmarshal(data, &raw)
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		msg := strings.TrimPrefix(se.Error(), "json: ")
		// Offset is just past the bad character, except after a complete value.
		off := int(se.Offset)
		if off > 0 && strings.HasPrefix(msg, "invalid character") && !strings.Contains(msg, "after top-level value") {
			off--
		}
		line, col := LineCol(data, off)
		return Finding{Location: "body", Code: "malformed-json", Message: sprintf("%s at line %d, column %d", msg, line, col)}
	case err != nil:
		line, col := LineCol(data, len(data))
		return Finding{Location: "body", Code: "malformed-json", Message: sprintf("unexpected end of JSON input at line %d, column %d", line, col)}
	}
	return Finding{Location: "body", Code: "malformed-json", Message: "the body is not valid JSON"}
}

// LineCol converts a byte offset in data to a 1-based line and column
// (columns count runes).
func LineCol(data []byte, offset int) (line, col int) {
	offset = min(max(offset, 0), len(data))
	line, col = 1, 1
	for _, r := range string(data[:offset]) {
		if r == '\n' {
			line, col = line+1, 1
			continue
		}
		col++
	}
	return line, col
}

// depthWithin reports whether JSON data nests at most limit levels, and if
// not the offset where it goes deeper. Brackets inside strings do not count.
func depthWithin(data []byte, limit int) (int, bool) {
	depth, inString, escaped := 0, false, false
	for i, c := range data {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
			if depth > limit {
				return i, false
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return 0, true
}

func isJSON(mediaType string) bool {
	return mediaType == "application/json" || strings.HasSuffix(mediaType, "+json")
}

func sortedKeys(c openapi3.Content) []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sortStrings(keys)
	return keys
}

// dropEmpty returns q without empty values; it copies only when it must.
func dropEmpty(q url.Values) url.Values {
	clean := true
	for _, vs := range q {
		for _, v := range vs {
			if v == "" {
				clean = false
			}
		}
	}
	if clean {
		return q
	}
	out := make(url.Values, len(q))
	for k, vs := range q {
		for _, v := range vs {
			if v != "" {
				out[k] = append(out[k], v)
			}
		}
	}
	return out
}

// withoutSecurity removes security errors from a kin-openapi MultiError.
func withoutSecurity(err error) error {
	me, ok := err.(openapi3.MultiError)
	if !ok {
		return err
	}
	out := make(openapi3.MultiError, 0, len(me))
	for _, e := range me {
		if _, sec := e.(*openapi3filter.SecurityRequirementsError); !sec {
			out = append(out, e)
		}
	}
	return out
}

// Sort orders findings the way a reader scans a request: path, query,
// header, cookie, then body; body findings by location (kin-openapi walks
// objects in map order, so this also makes answers reproducible).
func Sort(fs []Finding) []Finding {
	rank := func(loc string) int {
		for i, p := range []string{"path", "query", "header", "cookie"} {
			if strings.HasPrefix(loc, p+".") || loc == p {
				return i
			}
		}
		return 4
	}
	slices.SortStableFunc(fs, func(a, b Finding) int {
		ra, rb := rank(a.Location), rank(b.Location)
		if ra != rb {
			return ra - rb
		}
		if ra < 4 {
			return 0
		}
		return strings.Compare(a.Location, b.Location)
	})
	return fs
}

// hasHeaderDefaults reports whether kin-openapi may add a header to the
// request (a header parameter with a default).
func hasHeaderDefaults(rt *routers.Route) bool {
	check := func(ps openapi3.Parameters) bool {
		for _, p := range ps {
			if p != nil && p.Value != nil && p.Value.In == openapi3.ParameterInHeader &&
				p.Value.Schema != nil && p.Value.Schema.Value != nil && p.Value.Schema.Value.Default != nil {
				return true
			}
		}
		return false
	}
	return check(rt.Operation.Parameters) || (rt.PathItem != nil && check(rt.PathItem.Parameters))
}
