package verify

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/talkamie/contract/internal/oasutil"
	"github.com/talkamie/contract/internal/validate"
)

// Check kinds.
const (
	kindExample       = "example"
	kindMissingField  = "missing-field"
	kindWrongType     = "wrong-type"
	kindMissingBearer = "missing-bearer"
	kindConnect       = "connect"
	kindAuthenticate  = "authenticate"
	kindFrames        = "frames"
)

// restAPI is the OpenAPI document, ready to plan checks from.
type restAPI struct {
	doc      *openapi3.T
	basePath string
	ops      []*operation
	byID     map[string]*operation
	units    []unitDef
	hints    restHints
	val      *validate.Validator
}

// restHints is the OpenAPI root extension x-verify.
type restHints struct {
	signInOp      string
	signInExample string
	tokenPointer  string
	last          []string
}

// operation is one documented operation.
type operation struct {
	id, method, path string
	op               *openapi3.Operation
	params           openapi3.Parameters
	security         []securityScheme // empty: no credentials needed
}

// securityScheme says how a credential is sent.
type securityScheme struct {
	in   string // "header" or "query"
	name string // "Authorization" for http bearer
	// bearer prefixes the value with "Bearer ".
	bearer bool
}

func loadREST(data []byte) (*restAPI, error) {
	if len(data) == 0 {
		return nil, errors.New("the contract has no OpenAPI document")
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("load the OpenAPI document: %w", err)
	}
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("the OpenAPI document is invalid: %w", err)
	}
	api := &restAPI{doc: doc, basePath: oasutil.BasePath(doc), byID: map[string]*operation{}, val: validate.New()}
	if api.hints, err = readRESTHints(doc.Extensions["x-verify"]); err != nil {
		return nil, err
	}
	paths := doc.Paths.Keys()
	slices.Sort(paths)
	for _, p := range paths {
		item := doc.Paths.Value(p)
		for _, method := range methodOrder {
			op := item.GetOperation(method)
			if op == nil {
				continue
			}
			o := &operation{id: op.OperationID, method: method, path: p, op: op}
			if o.id == "" {
				o.id = method + " " + p
			}
			o.params = mergeParams(item.Parameters, op.Parameters)
			o.security = securityOf(doc, op)
			api.ops = append(api.ops, o)
			api.byID[o.id] = o
			api.units = append(api.units, unitDef{name: o.id, method: method, path: p})
		}
	}
	if h := api.hints; h.signInOp != "" && api.byID[h.signInOp] == nil {
		return nil, fmt.Errorf("x-verify.signIn.operationId: no operation %q", h.signInOp)
	}
	for _, id := range api.hints.last {
		if api.byID[id] == nil {
			return nil, fmt.Errorf("x-verify.last: no operation %q", id)
		}
	}
	return api, nil
}

// methodOrder is the order operations of one path are listed in.
var methodOrder = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"}

func readRESTHints(raw any) (restHints, error) {
	var h restHints
	if raw == nil {
		return h, nil
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return h, errors.New("x-verify must be an object")
	}
	if si, ok := m["signIn"]; ok {
		s, ok := si.(map[string]any)
		if !ok {
			return h, errors.New("x-verify.signIn must be an object")
		}
		h.signInOp, _ = s["operationId"].(string)
		h.signInExample, _ = s["example"].(string)
		h.tokenPointer, _ = s["token"].(string)
		if h.signInOp == "" || h.tokenPointer == "" {
			return h, errors.New("x-verify.signIn needs operationId and token (a JSON pointer)")
		}
		if !strings.HasPrefix(h.tokenPointer, "/") {
			return h, fmt.Errorf("x-verify.signIn.token: %q is not a JSON pointer", h.tokenPointer)
		}
	}
	if l, ok := m["last"]; ok {
		list, ok := l.([]any)
		if !ok {
			return h, errors.New("x-verify.last must be a list of operationIds")
		}
		for _, x := range list {
			s, ok := x.(string)
			if !ok {
				return h, errors.New("x-verify.last must be a list of operationIds")
			}
			h.last = append(h.last, s)
		}
	}
	return h, nil
}

// mergeParams returns the operation's parameters, path-level ones included
// unless the operation overrides them.
func mergeParams(item, op openapi3.Parameters) openapi3.Parameters {
	out := slices.Clone(op)
	for _, p := range item {
		if p == nil || p.Value == nil {
			continue
		}
		if op.GetByInAndName(p.Value.In, p.Value.Name) == nil {
			out = append(out, p)
		}
	}
	return out
}

// securityOf returns how to send a credential for op; empty when any
// requirement of op (or of the document) is empty, i.e. anonymous calls are allowed.
func securityOf(doc *openapi3.T, op *openapi3.Operation) []securityScheme {
	reqs := doc.Security
	if op.Security != nil {
		reqs = *op.Security
	}
	if len(reqs) == 0 {
		return nil
	}
	var out []securityScheme
	for _, req := range reqs {
		if len(req) == 0 {
			return nil
		}
	}
	req := reqs[0]
	names := make([]string, 0, len(req))
	for name := range req {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		var s *openapi3.SecurityScheme
		if doc.Components != nil {
			if ref := doc.Components.SecuritySchemes[name]; ref != nil {
				s = ref.Value
			}
		}
		switch {
		case s == nil:
		case s.Type == "apiKey" && (s.In == "header" || s.In == "query"):
			out = append(out, securityScheme{in: s.In, name: s.Name})
		default: // http bearer, oauth2, openIdConnect: a bearer token
			out = append(out, securityScheme{in: "header", name: "Authorization", bearer: true})
		}
	}
	return out
}

// documentedStatuses lists the response keys of op ("200", "4XX", "default").
func (o *operation) documentedStatuses() []string {
	if o.op.Responses == nil {
		return nil
	}
	keys := o.op.Responses.Keys()
	slices.Sort(keys)
	return keys
}

// response returns the documented response for status and its key: the exact
// code, then its range ("4XX"), then "default".
func (o *operation) response(status int) (*openapi3.Response, string) {
	if o.op.Responses == nil {
		return nil, ""
	}
	for _, key := range []string{fmt.Sprint(status), fmt.Sprintf("%dXX", status/100), "default"} {
		if r := o.op.Responses.Value(key); r != nil && r.Value != nil {
			return r.Value, key
		}
	}
	return nil, ""
}
