package lint

import (
	"context"
	"errors"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/tools/internal/diag"
	"github.com/talkamie/contract/tools/internal/load"
)

// openAPIResult is what the openapi-invalid rule found: kin-openapi's problems, or the
// bundler's findings when the contract did not bundle.
type openAPIResult struct {
	findings  diag.List
	bundleErr diag.List
}

// checkOpenAPI bundles the contract with Options.Bundle and validates the bundle with
// kin-openapi. Its problems are mapped back to the source operation, path item or
// component where kin-openapi names one, else to the OpenAPI root. It only reads the
// contract, so it may run while the other rules do.
func checkOpenAPI(ctx context.Context, c *load.Contract, opts Options) openAPIResult {
	var r openAPIResult
	root := c.OpenAPI()
	if opts.Bundle == nil || root == nil || root.Root == nil {
		return r
	}
	doc, err := opts.Bundle(c)
	if err != nil {
		if !errors.As(err, &r.bundleErr) {
			r.findings.Errorf("openapi-invalid", root.Pos(root.Root), "", "the contract does not bundle: %v", err)
		}
		return r
	}
	loader := openapi3.NewLoader()
	t, err := loader.LoadFromData(doc)
	if err != nil {
		r.findings.Errorf("openapi-invalid", root.Pos(root.Root), "", "kin-openapi cannot load the bundled document: %s", firstLine(err.Error()))
		return r
	}
	err = t.Validate(ctx, openapi3.EnableMultiError(), openapi3.DisableExamplesValidation())
	if err == nil {
		return r
	}
	var all []error
	var me openapi3.MultiError
	if errors.As(err, &me) {
		all = flatten(me)
	} else {
		all = []error{err}
	}
	for _, e := range all {
		f, n, ptr := sourceOf(c, e)
		r.findings.Errorf("openapi-invalid", f.Pos(n), ptr, "%s", firstLine(e.Error()))
	}
	return r
}

// mergeOpenAPI adds the openapi-invalid findings, and the bundler's findings that lint has
// not already reported at the same position (a broken $ref fails both).
func (l *linter) mergeOpenAPI(r openAPIResult) {
	l.out = append(l.out, r.findings...)
	known := map[diag.Pos]bool{}
	for _, f := range l.out {
		known[f.Pos] = true
	}
	for _, f := range r.bundleErr {
		if !known[f.Pos] {
			l.out = append(l.out, f)
		}
	}
}

func flatten(me openapi3.MultiError) []error {
	var out []error
	for _, e := range me {
		var inner openapi3.MultiError
		if errors.As(e, &inner) && len(inner) > 0 && e.Error() == inner.Error() {
			out = append(out, flatten(inner)...)
			continue
		}
		out = append(out, e)
	}
	return out
}

// sourceOf finds where a kin-openapi error comes from in the source contract.
func sourceOf(c *load.Contract, err error) (*load.File, *yaml.Node, string) {
	root := c.OpenAPI()
	var (
		pe  *openapi3.PathValidationError
		oe  *openapi3.OperationValidationError
		ppe *openapi3.PathParametersError
		ce  *openapi3.ComponentValidationError
	)
	urlPath, method := "", ""
	if errors.As(err, &pe) {
		urlPath = pe.Path
	}
	if errors.As(err, &oe) {
		method = oe.Method
	}
	if errors.As(err, &ppe) {
		urlPath, method = ppe.Path, ppe.Method
	}
	switch {
	case urlPath != "":
		f, item, ptr := root, load.Child(load.Child(root.Root, "paths"), urlPath), "/paths/"+load.EscapeToken(urlPath)
		if item == nil {
			break
		}
		if r := load.Child(item, "$ref"); r != nil {
			t, rerr := c.Resolve(root, r.Value)
			if rerr != nil {
				return root, r, ptr + "/$ref"
			}
			f, item, ptr = t.File, t.Node, t.Pointer
		}
		if m := strings.ToLower(method); m != "" {
			if k := load.KeyNode(item, m); k != nil {
				return f, k, ptr + "/" + m
			}
		}
		return f, item, ptr
	case errors.As(err, &ce):
		if ce.Section == "schema" {
			if f, n, ptr := componentSchema(c, ce.Name); f != nil {
				return f, n, ptr
			}
			break
		}
		section := map[string]string{"parameter": "parameters", "header": "headers", "request body": "requestBodies",
			"response": "responses", "security scheme": "securitySchemes", "example": "examples", "link": "links",
			"callback": "callbacks"}[ce.Section]
		ptr := "/components/" + section + "/" + load.EscapeToken(ce.Name)
		if k := load.KeyNode(load.Child(load.Child(root.Root, "components"), section), ce.Name); k != nil {
			return root, k, ptr
		}
	}
	return root, root.Root, ""
}

// componentSchema finds the source of a bundled component schema: the schema file whose
// title is name, a $defs entry keyed name, or an inline components/schemas entry.
func componentSchema(c *load.Contract, name string) (*load.File, *yaml.Node, string) {
	for _, f := range c.Schemas() {
		if f.Root == nil {
			continue
		}
		if t := load.Child(f.Root, "title"); t != nil && t.Value == name {
			return f, f.Root, ""
		}
		var found *yaml.Node
		var fptr string
		walkSchema(f.Root, "", func(ptr string, n *yaml.Node) {
			if k := load.KeyNode(load.Child(n, "$defs"), name); k != nil && found == nil {
				found, fptr = k, ptr+"/$defs/"+load.EscapeToken(name)
			}
		})
		if found != nil {
			return f, found, fptr
		}
	}
	root := c.OpenAPI()
	if k := load.KeyNode(load.Child(load.Child(root.Root, "components"), "schemas"), name); k != nil {
		return root, k, "/components/schemas/" + load.EscapeToken(name)
	}
	return nil, nil, ""
}

// firstLine keeps the first line of a message: kin-openapi appends whole schemas and
// values on the following lines, which findings never echo.
func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(s)
}
