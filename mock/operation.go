package mock

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/internal/validate"
)

// ErrInvalidExample is wrapped by every ExampleError.
var ErrInvalidExample = errors.New("invalid example")

// ExampleError is a documented example that breaks its schema.
type ExampleError struct {
	Operation string // operationId, or "METHOD /path"
	Where     string // "response 200", "request body", "parameter query.pageSize"
	Example   string // the example's name
	Pointer   string // JSON pointer into the example ("" for the whole value)
	Code      string // the finding code (type, required, ...)
	Message   string
}

// Error names the operation, status, example and pointer.
func (e *ExampleError) Error() string {
	ptr := e.Pointer
	if ptr == "" {
		ptr = "(root)"
	}
	return fmt.Sprintf("operation %s: %s example %q at %s: %s (%s)", e.Operation, e.Where, e.Example, ptr, e.Message, e.Code)
}

// Unwrap returns ErrInvalidExample.
func (e *ExampleError) Unwrap() error { return ErrInvalidExample }

// Operation describes one documented operation.
type Operation struct {
	ID     string // operationId ("" when the document has none)
	Method string // upper case
	Path   string // the full path template, base path included (/v1/user/{userId})
}

// operation is an Operation compiled for serving.
type operation struct {
	info      Operation
	name      string // ID, or "METHOD /path"
	route     *routers.Route
	responses []*response // numeric codes ascending, then ranges, then default
	byCode    map[string]*response
}

// response is one documented response of an operation.
type response struct {
	code      string // "200", "2XX", "default"
	status    int    // the status it is served with by default
	mediaType string // "" without content
	schema    *openapi3.Schema
	examples  []*example
	header    http.Header
}

// example is one documented (or, without any, generated) response body,
// validated and encoded at start-up.
type example struct {
	name      string
	body      []byte
	generated bool
}

// compile builds the operations of doc and validates every example.
func (m *Mock) compile(doc *openapi3.T, order *yaml.Node) error {
	var errs []error
	for _, template := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(template)
		pi := m.router.add(template)
		for method, op := range item.Operations() {
			method = strings.ToUpper(method)
			o := &operation{
				info:   Operation{ID: op.OperationID, Method: method, Path: m.base + template},
				route:  &routers.Route{Spec: doc, Path: template, PathItem: item, Method: method, Operation: op},
				byCode: map[string]*response{},
			}
			if len(doc.Servers) > 0 {
				o.route.Server = doc.Servers[0]
			}
			o.name = o.info.ID
			if o.name == "" {
				o.name = method + " " + template
			}
			errs = append(errs, m.checkRequestExamples(o, op)...)
			if op.Responses != nil {
				for code, ref := range op.Responses.Map() {
					if ref == nil || ref.Value == nil {
						continue
					}
					r, rerrs := m.compileResponse(o, code, ref.Value, order)
					errs = append(errs, rerrs...)
					o.responses = append(o.responses, r)
					o.byCode[code] = r
				}
			}
			slices.SortFunc(o.responses, func(a, b *response) int { return codeRank(a.code) - codeRank(b.code) })
			pi.ops[method] = o
			m.ops = append(m.ops, o)
			pi.methods = append(pi.methods, method)
		}
		slices.Sort(pi.methods)
	}
	slices.SortFunc(m.ops, func(a, b *operation) int {
		if c := strings.Compare(a.info.Path, b.info.Path); c != 0 {
			return c
		}
		return strings.Compare(a.info.Method, b.info.Method)
	})
	return errors.Join(errs...)
}

// codeRank orders 200 < 201 < ... < 2XX < ... < default.
func codeRank(code string) int {
	if n, err := strconv.Atoi(code); err == nil {
		return n * 10
	}
	if len(code) == 3 && (code[1] == 'X' || code[1] == 'x') {
		return int(code[0]-'0')*1000 + 999
	}
	return 100000
}

// statusOf is the status a response code is served with.
func statusOf(code string) int {
	if n, err := strconv.Atoi(code); err == nil {
		return n
	}
	if len(code) == 3 && code[0] >= '1' && code[0] <= '5' {
		return int(code[0]-'0') * 100
	}
	return http.StatusOK
}

func (m *Mock) compileResponse(o *operation, code string, def *openapi3.Response, order *yaml.Node) (*response, []error) {
	r := &response{code: code, status: statusOf(code), header: http.Header{}}
	var errs []error
	for name, h := range def.Headers {
		if h == nil || h.Value == nil || h.Value.Schema == nil || h.Value.Schema.Value == nil {
			continue
		}
		val := h.Value.Example
		if val == nil {
			val = h.Value.Schema.Value.Example
		}
		if val == nil {
			val = newGenerator(m.cfg.seed, o.name+code+name).value(h.Value.Schema.Value, 0)
		}
		if fs := m.val.Value(h.Value.Schema.Value, val, false, ""); len(fs) > 0 {
			errs = append(errs, exampleErrors(o.name, "response "+code+" header "+name, "example", fs)...)
			continue
		}
		r.header.Set(name, fmt.Sprint(val))
	}
	mt, media := pickMedia(def.Content)
	if media == nil {
		r.examples = []*example{{name: ""}}
		return r, errs
	}
	r.mediaType = mt
	if media.Schema != nil {
		r.schema = media.Schema.Value
	}
	where := "response " + code
	names := orderedNames(order, media.Examples, "paths", o.route.Path, strings.ToLower(o.info.Method), "responses", code, "content", mt, "examples")
	for _, name := range names {
		ex := media.Examples[name]
		if ex == nil || ex.Value == nil {
			continue
		}
		if e, ferrs := m.encodeExample(o.name, where, name, r.schema, ex.Value.Value); e != nil {
			r.examples = append(r.examples, e)
		} else {
			errs = append(errs, ferrs...)
		}
	}
	if len(names) == 0 && media.Example != nil {
		if e, ferrs := m.encodeExample(o.name, where, "example", r.schema, media.Example); e != nil {
			r.examples = append(r.examples, e)
		} else {
			errs = append(errs, ferrs...)
		}
	}
	if len(r.examples) == 0 && len(errs) == 0 && r.schema != nil {
		e, err := m.generateExample(o.name+" "+code, r.schema)
		if err != nil {
			errs = append(errs, fmt.Errorf("operation %s: %s has no example and none could be generated: %w", o.name, where, err))
		} else {
			r.examples = append(r.examples, e)
		}
	}
	return r, errs
}

// encodeExample validates value against schema and encodes it.
func (m *Mock) encodeExample(op, where, name string, schema *openapi3.Schema, value any) (*example, []error) {
	if schema != nil {
		if fs := m.val.Value(schema, value, false, ""); len(fs) > 0 {
			return nil, exampleErrors(op, where, name, fs)
		}
	}
	body, err := marshal(value)
	if err != nil {
		return nil, []error{fmt.Errorf("operation %s: %s example %q cannot be encoded as JSON: %w", op, where, name, err)}
	}
	return &example{name: name, body: body}, nil
}

// generateExample builds a valid value for schema, trying a few seeds.
func (m *Mock) generateExample(key string, schema *openapi3.Schema) (*example, error) {
	var last []validate.Finding
	for attempt := range 8 {
		v := newGenerator(m.cfg.seed+int64(attempt), key).value(schema, 0)
		if last = m.val.Value(schema, v, false, ""); len(last) == 0 {
			body, err := marshal(v)
			if err != nil {
				return nil, err
			}
			return &example{name: "generated", body: body, generated: true}, nil
		}
	}
	return nil, fmt.Errorf("%s at %s", last[0].Message, pointer(last[0].Location))
}

func (m *Mock) checkRequestExamples(o *operation, op *openapi3.Operation) []error {
	var errs []error
	params := append(slices.Clone(o.route.PathItem.Parameters), op.Parameters...)
	for _, p := range params {
		if p == nil || p.Value == nil || p.Value.Schema == nil || p.Value.Schema.Value == nil {
			continue
		}
		where := "parameter " + p.Value.In + "." + p.Value.Name
		if p.Value.Example != nil {
			if fs := m.val.Value(p.Value.Schema.Value, p.Value.Example, true, ""); len(fs) > 0 {
				errs = append(errs, exampleErrors(o.name, where, "example", fs)...)
			}
		}
		for name, ex := range p.Value.Examples {
			if ex != nil && ex.Value != nil {
				if fs := m.val.Value(p.Value.Schema.Value, ex.Value.Value, true, ""); len(fs) > 0 {
					errs = append(errs, exampleErrors(o.name, where, name, fs)...)
				}
			}
		}
	}
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return errs
	}
	for mt, media := range op.RequestBody.Value.Content {
		if media == nil || media.Schema == nil || media.Schema.Value == nil {
			continue
		}
		where := "request body " + mt
		if media.Example != nil {
			if fs := m.val.Value(media.Schema.Value, media.Example, true, ""); len(fs) > 0 {
				errs = append(errs, exampleErrors(o.name, where, "example", fs)...)
			}
		}
		for name, ex := range media.Examples {
			if ex != nil && ex.Value != nil {
				if fs := m.val.Value(media.Schema.Value, ex.Value.Value, true, ""); len(fs) > 0 {
					errs = append(errs, exampleErrors(o.name, where, name, fs)...)
				}
			}
		}
	}
	return errs
}

func exampleErrors(op, where, name string, fs []validate.Finding) []error {
	out := make([]error, len(fs))
	for i, f := range fs {
		out[i] = &ExampleError{Operation: op, Where: where, Example: name, Pointer: pointer(f.Location), Code: f.Code, Message: f.Message}
	}
	return out
}

// pointer turns a finding location of a bare value ("data.items[0].id", or
// "body" for the root) into a JSON pointer ("/data/items/0/id").
func pointer(loc string) string {
	if loc == "body" || loc == "" {
		return ""
	}
	loc = strings.NewReplacer("[", ".", "]", "", "~", "~0", "/", "~1").Replace(loc)
	return "/" + strings.ReplaceAll(loc, ".", "/")
}

// pickMedia prefers application/json, then any JSON type, then the first.
func pickMedia(c openapi3.Content) (string, *openapi3.MediaType) {
	if len(c) == 0 {
		return "", nil
	}
	if mt := c["application/json"]; mt != nil {
		return "application/json", mt
	}
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if strings.HasSuffix(k, "+json") {
			return k, c[k]
		}
	}
	return keys[0], c[keys[0]]
}

// orderedNames returns the keys of examples in document order, found by
// walking the raw YAML along path (following local $refs). Names the walk
// does not find are appended in sorted order.
func orderedNames(root *yaml.Node, examples openapi3.Examples, path ...string) []string {
	var out []string
	seen := map[string]bool{}
	if n := walkYAML(root, root, path); n != nil && n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if _, ok := examples[k]; ok && !seen[k] {
				out = append(out, k)
				seen[k] = true
			}
		}
	}
	rest := make([]string, 0, len(examples))
	for k := range examples {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

func walkYAML(root, n *yaml.Node, path []string) *yaml.Node {
	for depth := 0; n != nil && depth < 32; depth++ {
		if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
			n = n.Content[0]
			continue
		}
		if n.Kind == yaml.AliasNode {
			n = n.Alias
			continue
		}
		if ref := mapValue(n, "$ref"); ref != nil && strings.HasPrefix(ref.Value, "#/") {
			n = walkYAML(root, root, pointerTokens(ref.Value[2:]))
			continue
		}
		break
	}
	if n == nil || len(path) == 0 {
		return n
	}
	return walkYAML(root, mapValue(n, path[0]), path[1:])
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func pointerTokens(p string) []string {
	toks := strings.Split(p, "/")
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks
}
