package verify

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// request is one planned HTTP request of a check.
type request struct {
	id, kind, name string
	op             *operation
	path           string // the path with parameters filled in, escaped
	query          url.Values
	header         http.Header
	body           []byte // nil without a body
	mediaType      string
	// auth sends the credential on a secured operation.
	auth bool
	// negative checks must be refused with a documented 4xx.
	negative bool
	// what names the broken part of a negative request ("field \"email\"").
	what string
	// skip says why the request cannot be sent; "" when it can.
	skip string
}

// describe says what was sent: "POST /v1/auth/sign-in (example password)".
func (r *request) describe(base string) string {
	target := base + r.path
	if q := r.query.Encode(); q != "" {
		target += "?" + q
	}
	label := r.kind
	switch {
	case r.kind == kindExample && r.name != "":
		label = "example " + r.name
	case r.what != "":
		label = r.kind + " " + r.what
	}
	return fmt.Sprintf("%s %s (%s)", r.op.method, target, label)
}

// plan builds every request of an operation: one per documented request example,
// then the negative ones.
func (api *restAPI) plan(o *operation) []*request {
	path, query, header, skip := api.parameters(o)
	base := func(kind, name string) *request {
		id := "rest:" + o.id + ":" + kind
		if name != "" {
			id += ":" + name
		}
		return &request{id: id, kind: kind, name: name, op: o, path: path, query: cloneValues(query),
			header: header.Clone(), auth: len(o.security) > 0, skip: skip}
	}
	var out []*request
	media, mt, examples := requestExamples(o.op)
	required := o.op.RequestBody != nil && o.op.RequestBody.Value != nil && o.op.RequestBody.Value.Required
	switch {
	case len(examples) > 0:
		for _, ex := range examples {
			r := base(kindExample, ex.name)
			r.body, r.mediaType = ex.data, media
			out = append(out, r)
		}
	case required:
		r := base(kindExample, "")
		r.skip = "the request body has no documented example"
		out = append(out, r)
	default:
		out = append(out, base(kindExample, ""))
	}
	if len(examples) > 0 && mt != nil && mt.Schema != nil && mt.Schema.Value != nil && isJSONMedia(media) {
		schema, first := mt.Schema.Value, examples[0].value
		if field, body, ok := withoutRequired(schema, first); ok {
			r := base(kindMissingField, field)
			r.body, r.mediaType, r.negative, r.what = body, media, true, strconv.Quote(field)
			out = append(out, r)
		}
		if field, body, ok := withWrongType(schema, first); ok {
			r := base(kindWrongType, field)
			r.body, r.mediaType, r.negative, r.what = body, media, true, strconv.Quote(field)
			out = append(out, r)
		}
	}
	if len(o.security) > 0 {
		r := base(kindMissingBearer, "")
		if len(examples) > 0 {
			r.body, r.mediaType = examples[0].data, media
		}
		r.auth, r.negative, r.what = false, true, "credentials"
		if r.skip == "" && required && len(examples) == 0 {
			r.skip = "the request body has no documented example"
		}
		out = append(out, r)
	}
	return out
}

// namedBody is one request-body example: its value as the document has it, and encoded.
type namedBody struct {
	name  string
	value any
	data  []byte
}

// requestExamples returns the body's media type and its examples, named and sorted by name.
func requestExamples(op *openapi3.Operation) (string, *openapi3.MediaType, []namedBody) {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return "", nil, nil
	}
	content := op.RequestBody.Value.Content
	media := ""
	for _, m := range sortedMedia(content) {
		if isJSONMedia(m) {
			media = m
			break
		}
	}
	if media == "" {
		return "", nil, nil
	}
	mt := content[media]
	var out []namedBody
	names := make([]string, 0, len(mt.Examples))
	for name := range mt.Examples {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if ex := mt.Examples[name]; ex != nil && ex.Value != nil && ex.Value.Value != nil {
			if data, err := json.Marshal(ex.Value.Value); err == nil {
				out = append(out, namedBody{name: name, value: ex.Value.Value, data: data})
			}
		}
	}
	if len(out) == 0 && mt.Example != nil {
		if data, err := json.Marshal(mt.Example); err == nil {
			out = append(out, namedBody{name: "example", value: mt.Example, data: data})
		}
	}
	if len(out) == 0 && mt.Schema != nil && mt.Schema.Value != nil && mt.Schema.Value.Example != nil {
		if data, err := json.Marshal(mt.Schema.Value.Example); err == nil {
			out = append(out, namedBody{name: "schema", value: mt.Schema.Value.Example, data: data})
		}
	}
	return media, mt, out
}

func sortedMedia(c openapi3.Content) []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func isJSONMedia(m string) bool {
	return m == "application/json" || strings.HasSuffix(m, "+json")
}

// parameters fills the path, query and headers from the parameters' examples.
// Required parameters are always sent; optional query parameters with an
// example are sent too; optional headers and cookies are not. skip is set when
// a required parameter has no example.
func (api *restAPI) parameters(o *operation) (path string, query url.Values, header http.Header, skip string) {
	path, query, header = o.path, url.Values{}, http.Header{}
	for _, ref := range o.params {
		if ref == nil || ref.Value == nil {
			continue
		}
		p := ref.Value
		v, ok := parameterExample(p)
		if !ok {
			if p.Required && skip == "" {
				skip = fmt.Sprintf("%s parameter %q has no documented example", p.In, p.Name)
			}
			continue
		}
		switch p.In {
		case openapi3.ParameterInPath:
			path = strings.ReplaceAll(path, "{"+p.Name+"}", url.PathEscape(scalarText(v)))
		case openapi3.ParameterInQuery:
			if list, isList := v.([]any); isList {
				for _, x := range list {
					query.Add(p.Name, scalarText(x))
				}
			} else {
				query.Set(p.Name, scalarText(v))
			}
		case openapi3.ParameterInHeader:
			if p.Required {
				header.Set(p.Name, scalarText(v))
			}
		}
	}
	return path, query, header, skip
}

// parameterExample returns a parameter's example: example, then the first of
// examples (by name), then the schema's example, default or first enum value.
func parameterExample(p *openapi3.Parameter) (any, bool) {
	if p.Example != nil {
		return p.Example, true
	}
	names := make([]string, 0, len(p.Examples))
	for n := range p.Examples {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if ex := p.Examples[n]; ex != nil && ex.Value != nil && ex.Value.Value != nil {
			return ex.Value.Value, true
		}
	}
	if p.Schema != nil && p.Schema.Value != nil {
		s := p.Schema.Value
		switch {
		case s.Example != nil:
			return s.Example, true
		case s.Default != nil:
			return s.Default, true
		case len(s.Enum) > 0:
			return s.Enum[0], true
		}
	}
	return nil, false
}

// scalarText renders a parameter value as text; objects are JSON-encoded.
func scalarText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case nil:
		return ""
	case map[string]any, []any:
		data, _ := json.Marshal(x)
		return string(data)
	}
	return fmt.Sprint(v)
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// objectShape collects the required names and the properties of an object
// schema, through allOf.
func objectShape(s *openapi3.Schema, required *[]string, props map[string]*openapi3.Schema) {
	if s == nil {
		return
	}
	for _, r := range s.Required {
		if !slices.Contains(*required, r) {
			*required = append(*required, r)
		}
	}
	for name, p := range s.Properties {
		if p != nil && p.Value != nil && props[name] == nil {
			props[name] = p.Value
		}
	}
	for _, sub := range s.AllOf {
		if sub != nil {
			objectShape(sub.Value, required, props)
		}
	}
}

// withoutRequired drops the first required property present in the example.
func withoutRequired(schema *openapi3.Schema, example any) (string, []byte, bool) {
	obj, ok := example.(map[string]any)
	if !ok {
		return "", nil, false
	}
	var required []string
	objectShape(schema, &required, map[string]*openapi3.Schema{})
	for _, name := range required {
		if _, present := obj[name]; !present {
			continue
		}
		broken := make(map[string]any, len(obj))
		for k, v := range obj {
			if k != name {
				broken[k] = v
			}
		}
		data, err := json.Marshal(broken)
		return name, data, err == nil
	}
	return "", nil, false
}

// withWrongType replaces a property of the example with a value of another
// type: required properties first, then the others by name. Properties whose
// schema allows several types are left alone. Without such a property the
// whole body is replaced by a string when the schema wants an object.
func withWrongType(schema *openapi3.Schema, example any) (string, []byte, bool) {
	obj, ok := example.(map[string]any)
	if !ok {
		return "", nil, false
	}
	var required []string
	props := map[string]*openapi3.Schema{}
	objectShape(schema, &required, props)
	names := slices.Clone(required)
	var rest []string
	for name := range props {
		if !slices.Contains(names, name) {
			rest = append(rest, name)
		}
	}
	sort.Strings(rest)
	names = append(names, rest...)
	for _, name := range names {
		if _, present := obj[name]; !present {
			continue
		}
		wrong, ok := wrongValue(props[name])
		if !ok {
			continue
		}
		broken := make(map[string]any, len(obj))
		for k, v := range obj {
			broken[k] = v
		}
		broken[name] = wrong
		data, err := json.Marshal(broken)
		return name, data, err == nil
	}
	if schema.Type.Is(openapi3.TypeObject) {
		return "body", []byte(`"not-an-object"`), true
	}
	return "", nil, false
}

// wrongValue returns a value no schema of s's single type accepts.
func wrongValue(s *openapi3.Schema) (any, bool) {
	if s == nil || s.Type == nil || len(s.Type.Slice()) != 1 || len(s.OneOf)+len(s.AnyOf) > 0 {
		return nil, false
	}
	switch s.Type.Slice()[0] {
	case openapi3.TypeString:
		return 12345, true
	case openapi3.TypeNumber, openapi3.TypeInteger:
		return "not-a-number", true
	case openapi3.TypeBoolean:
		return "not-a-boolean", true
	case openapi3.TypeArray:
		return "not-an-array", true
	case openapi3.TypeObject:
		return "not-an-object", true
	}
	return nil, false
}
