package e2e_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/talkamie/contract/gen"
	"github.com/talkamie/contract/gen/restclient"
	"github.com/talkamie/contract/internal/validate"
	"github.com/talkamie/contract/mock"
)

// worldToken is the access token of the example world's signed-in senior.
const worldToken = "tok_margaret_access"

// mockCall is one request of the generated client to the mock: an operation,
// the response asked for with Prefer, and what must come back.
type mockCall struct {
	opID     string
	code     string // the documented response code ("200"); "" for the default answer
	example  string // the example's name; "" for the default answer or a lone example
	status   int    // the status that must come back
	schema   *openapi3.Schema
	examples []any // the documented bodies, one of which must come back
}

// name is the subtest name.
func (c mockCall) name() string {
	if c.code == "" {
		return c.opID + "/default"
	}
	if c.example == "" {
		return c.opID + "/" + c.code
	}
	return c.opID + "/" + c.code + "/" + c.example
}

// mockOp is one documented operation with the arguments of its generated
// client method, built from the documented request examples.
type mockOp struct {
	id      string
	method  string
	path    string
	secured bool
	op      *openapi3.Operation
	item    *openapi3.PathItem
}

// TestMockThroughGeneratedClient drives the mock over HTTP with the generated
// client (gen/restclient) through every documented response example of every
// operation of the embedded bundle: the documented request (path and query
// parameters, headers and body from their examples, the world's bearer token
// where the operation is secured) with `Prefer: code=<status>, example=<name>`,
// then once without Prefer for the default answer. Each call must come back with
// the asked status, fill the typed JSON<status> field, validate against the
// contract and be the documented example. The table is built from the bundle,
// so a new operation is covered without editing this test.
func TestMockThroughGeneratedClient(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(gen.OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	m, err := mock.New(mock.Spec{OpenAPI: gen.OpenAPI, AsyncAPI: gen.AsyncAPI})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	c, err := restclient.NewClientWithResponses(srv.URL + m.BasePath())
	if err != nil {
		t.Fatal(err)
	}
	val := validate.New()
	ops := documentedOps(doc)
	if len(ops) == 0 {
		t.Fatal("the bundle documents no operations")
	}
	calls := 0
	for _, op := range ops {
		t.Run(op.id, func(t *testing.T) {
			method := reflect.ValueOf(c).MethodByName(upperFirst(op.id) + "WithResponse")
			if !method.IsValid() {
				t.Fatalf("the generated client has no %sWithResponse for %s %s", upperFirst(op.id), op.method, op.path)
			}
			args := requestArgs(t, doc, op, method.Type())
			for _, call := range plannedCalls(t, op) {
				calls++
				t.Run(strings.TrimPrefix(call.name(), op.id+"/"), func(t *testing.T) {
					checkMockCall(t, val, method, args, op, call)
				})
			}
		})
	}
	t.Logf("%d operations, %d calls through the generated client", len(ops), calls)
}

// documentedOps lists the operations of doc sorted by operationId.
func documentedOps(doc *openapi3.T) []mockOp {
	var out []mockOp
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			sec := doc.Security
			if op.Security != nil {
				sec = *op.Security
			}
			secured := slices.ContainsFunc(sec, func(r openapi3.SecurityRequirement) bool { return len(r) > 0 })
			out = append(out, mockOp{id: op.OperationID, method: method, path: path, secured: secured, op: op, item: item})
		}
	}
	slices.SortFunc(out, func(a, b mockOp) int { return strings.Compare(a.id, b.id) })
	return out
}

// plannedCalls is one call per documented JSON response example, then the
// default answer: the lowest documented 2xx response.
func plannedCalls(t *testing.T, op mockOp) []mockCall {
	t.Helper()
	var out []mockCall
	var def *mockCall
	codes := op.op.Responses.Map()
	keys := make([]string, 0, len(codes))
	for code := range codes {
		keys = append(keys, code)
	}
	slices.Sort(keys)
	for _, code := range keys {
		ref := codes[code]
		status, err := strconv.Atoi(code)
		if err != nil || ref == nil || ref.Value == nil {
			continue // ranges and default are not asked for by code
		}
		media := ref.Value.Content.Get("application/json")
		if media == nil || media.Schema == nil || media.Schema.Value == nil {
			continue
		}
		base := mockCall{opID: op.id, code: code, status: status, schema: media.Schema.Value}
		names := make([]string, 0, len(media.Examples))
		for name, ex := range media.Examples {
			if ex != nil && ex.Value != nil {
				names = append(names, name)
			}
		}
		slices.Sort(names)
		for _, name := range names {
			call := base
			call.example = name
			call.examples = []any{normalize(t, media.Examples[name].Value.Value)}
			out = append(out, call)
			base.examples = append(base.examples, call.examples[0])
		}
		if len(names) == 0 && media.Example != nil {
			call := base
			call.examples = []any{normalize(t, media.Example)}
			out = append(out, call)
			base.examples = call.examples
		}
		if def == nil && status >= 200 && status < 300 && len(base.examples) > 0 {
			d := base
			d.code, d.example = "", ""
			def = &d
		}
	}
	if def == nil {
		t.Fatalf("%s %s documents no 2xx JSON example to answer by default", op.method, op.path)
	}
	return append(out, *def)
}

// requestArgs builds the arguments of the generated method after the context:
// path parameters in template order, the params struct, the JSON body, each
// from the documented examples.
func requestArgs(t *testing.T, doc *openapi3.T, op mockOp, mt reflect.Type) []reflect.Value {
	t.Helper()
	params := append(slices.Clone(op.item.Parameters), op.op.Parameters...)
	byName := map[string]*openapi3.Parameter{}
	other := map[string]any{}
	for _, ref := range params {
		if ref == nil || ref.Value == nil {
			continue
		}
		p := ref.Value
		if p.In == openapi3.ParameterInPath {
			byName[p.Name] = p
			continue
		}
		if v, ok := paramExample(p); ok {
			other[p.Name] = v
		} else if p.Required {
			t.Fatalf("required %s parameter %s has no example", p.In, p.Name)
		}
	}
	var pathNames []string
	for _, seg := range strings.Split(op.path, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			pathNames = append(pathNames, seg[1:len(seg)-1])
		}
	}
	hasParams := len(params) > len(byName)
	var body any
	if rb := op.op.RequestBody; rb != nil && rb.Value != nil {
		media := rb.Value.Content.Get("application/json")
		if media == nil {
			t.Fatalf("request body has no application/json content")
		}
		v, ok := mediaExample(media)
		if !ok {
			t.Fatalf("the JSON request body has no example")
		}
		body = v
	}
	want := 2 + len(pathNames) // ctx, path parameters, editors
	if hasParams {
		want++
	}
	if body != nil {
		want++
	}
	if mt.NumIn() != want || !mt.IsVariadic() {
		t.Fatalf("%s: the generated method takes %d arguments, the operation needs %d (path %v, params %t, body %t)",
			op.id, mt.NumIn(), want, pathNames, hasParams, body != nil)
	}
	var args []reflect.Value
	next := 1
	for _, name := range pathNames {
		p := byName[name]
		if p == nil {
			t.Fatalf("path parameter %s is not documented", name)
		}
		v, ok := paramExample(p)
		if !ok {
			t.Fatalf("path parameter %s has no example", name)
		}
		args = append(args, decodeInto(t, mt.In(next), v))
		next++
	}
	if hasParams {
		args = append(args, decodeInto(t, mt.In(next), other))
		next++
	}
	if body != nil {
		args = append(args, decodeInto(t, mt.In(next), body))
	}
	return args
}

// checkMockCall sends one call and checks status, typed field, contract and
// example.
func checkMockCall(t *testing.T, val *validate.Validator, method reflect.Value, args []reflect.Value, op mockOp, call mockCall) {
	editors := []restclient.RequestEditorFn{}
	if op.secured {
		editors = append(editors, func(_ context.Context, r *http.Request) error {
			r.Header.Set("Authorization", "Bearer "+worldToken)
			return nil
		})
	}
	if call.code != "" {
		prefer := "code=" + call.code
		if call.example != "" {
			prefer += ", example=" + call.example
		}
		editors = append(editors, func(_ context.Context, r *http.Request) error {
			r.Header.Set("Prefer", prefer)
			return nil
		})
	}
	in := append([]reflect.Value{reflect.ValueOf(context.Background())}, args...)
	for _, e := range editors {
		in = append(in, reflect.ValueOf(e))
	}
	out := method.Call(in)
	if err, _ := out[1].Interface().(error); err != nil {
		t.Fatalf("%s: %v", call.name(), err)
	}
	resp := out[0].Elem()
	raw := resp.FieldByName("Body").Bytes()
	got := resp.FieldByName("HTTPResponse").Interface().(*http.Response).StatusCode
	if got != call.status {
		t.Fatalf("status %d, want %d: %s", got, call.status, raw)
	}
	typed := resp.FieldByName("JSON" + strconv.Itoa(call.status))
	if !typed.IsValid() {
		t.Fatalf("the generated response has no JSON%d field", call.status)
	}
	if typed.IsNil() {
		t.Fatalf("JSON%d was not decoded from %s", call.status, raw)
	}
	var body any
	if err := json.Unmarshal(raw, &body); err != nil {
		t.Fatalf("the body is not JSON: %v", err)
	}
	if fs := val.Value(call.schema, body, false, "body"); len(fs) > 0 {
		t.Fatalf("the body breaks the contract: %v", fs)
	}
	if !slices.ContainsFunc(call.examples, func(ex any) bool { return reflect.DeepEqual(ex, body) }) {
		t.Fatalf("the body is not a documented example of %d: %s", call.status, raw)
	}
}

// paramExample is a parameter's example: its own, its first named one, or its
// schema's.
func paramExample(p *openapi3.Parameter) (any, bool) {
	if p.Example != nil {
		return p.Example, true
	}
	if v, ok := firstExample(p.Examples); ok {
		return v, true
	}
	if p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.Example != nil {
		return p.Schema.Value.Example, true
	}
	return nil, false
}

// mediaExample is a media type's example: its own, or its first named one.
func mediaExample(m *openapi3.MediaType) (any, bool) {
	if m.Example != nil {
		return m.Example, true
	}
	return firstExample(m.Examples)
}

func firstExample(exs openapi3.Examples) (any, bool) {
	names := make([]string, 0, len(exs))
	for name, ex := range exs {
		if ex != nil && ex.Value != nil && ex.Value.Value != nil {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil, false
	}
	slices.Sort(names)
	return exs[names[0]].Value.Value, true
}

// decodeInto converts a JSON value to a value of type typ through JSON.
func decodeInto(t *testing.T, typ reflect.Type, v any) reflect.Value {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	ptr := reflect.New(typ)
	target := ptr.Interface()
	if typ.Kind() == reflect.Pointer {
		ptr.Elem().Set(reflect.New(typ.Elem()))
		target = ptr.Elem().Interface()
	}
	if err := json.Unmarshal(raw, target); err != nil {
		t.Fatalf("example %s does not fit %s: %v", raw, typ, err)
	}
	return ptr.Elem()
}

// normalize round-trips an example through JSON so it compares with a
// decoded body.
func normalize(t *testing.T, v any) any {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
