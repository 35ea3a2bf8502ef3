package envelope

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/talkamie/contract/internal/oasutil"
	"github.com/talkamie/contract/internal/validate"
)

// Extension is the name of the root extension that declares the error envelope.
const Extension = "x-error-envelope"

// ErrInvalidExtension is wrapped by the errors FromDocument returns for a
// malformed x-error-envelope.
var ErrInvalidExtension = errors.New("invalid " + Extension)

// Error is the content of one error body.
type Error struct {
	Status  int
	Code    string
	Message string
	Details []validate.Finding
}

// Envelope renders error bodies from a template.
type Envelope struct {
	template any
	schema   *openapi3.Schema
	declared bool
}

// Default returns the envelope used when a document declares none.
func Default() *Envelope {
	return &Envelope{
		template: map[string]any{
			"status":  "{{status}}",
			"error":   "{{code}}",
			"message": "{{message}}",
			"details": "{{details}}",
		},
		schema: defaultSchema(),
	}
}

// FromDocument returns the envelope doc declares in x-error-envelope, or
// Default when it declares none.
func FromDocument(doc *openapi3.T) (*Envelope, error) {
	raw, ok := doc.Extensions[Extension]
	if !ok {
		return Default(), nil
	}
	ext, ok := raw.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: want an object with schema and template", ErrInvalidExtension)
	}
	tmpl, ok := ext["template"]
	if !ok {
		return nil, fmt.Errorf("%w: template is missing", ErrInvalidExtension)
	}
	if _, ok := tmpl.(map[string]any); !ok {
		return nil, fmt.Errorf("%w: template must be an object", ErrInvalidExtension)
	}
	schema, err := resolveSchema(doc, ext["schema"])
	if err != nil {
		return nil, err
	}
	return &Envelope{template: tmpl, schema: schema, declared: true}, nil
}

// Declared reports whether the envelope comes from the document.
func (e *Envelope) Declared() bool { return e.declared }

// Schema is the schema every rendered body satisfies.
func (e *Envelope) Schema() *openapi3.Schema { return e.schema }

// Render returns the JSON error body for err.
func (e *Envelope) Render(err Error) []byte {
	v, _ := fill(e.template, err)
	data, mErr := json.Marshal(v)
	if mErr != nil {
		// Templates come from JSON/YAML documents, so they always marshal.
		return []byte(`{}`)
	}
	return data
}

// fill replaces the placeholders in t; ok is false when the value is empty
// and its key should be left out.
func fill(t any, err Error) (any, bool) {
	switch x := t.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, v := range x {
			if fv, ok := fill(v, err); ok {
				out[k] = fv
			}
		}
		return out, true
	case []any:
		out := make([]any, 0, len(x))
		for _, v := range x {
			if fv, ok := fill(v, err); ok {
				out = append(out, fv)
			}
		}
		return out, true
	case string:
		return fillString(x, err)
	}
	return t, true
}

func fillString(s string, err Error) (any, bool) {
	if name, ok := placeholder(s); ok {
		switch name {
		case "status":
			return err.Status, true
		case "code":
			return err.Code, err.Code != ""
		case "message":
			return err.Message, err.Message != ""
		case "details":
			if len(err.Details) == 0 {
				return nil, false
			}
			return err.Details, true
		}
		return s, true
	}
	if !strings.Contains(s, "{{") {
		return s, true
	}
	details := make([]string, len(err.Details))
	for i, d := range err.Details {
		details[i] = d.String()
	}
	return strings.NewReplacer(
		"{{status}}", strconv.Itoa(err.Status),
		"{{code}}", err.Code,
		"{{message}}", err.Message,
		"{{details}}", strings.Join(details, "; "),
	).Replace(s), true
}

func placeholder(s string) (string, bool) {
	if !strings.HasPrefix(s, "{{") || !strings.HasSuffix(s, "}}") || strings.Count(s, "{{") != 1 {
		return "", false
	}
	return strings.TrimSpace(s[2 : len(s)-2]), true
}

// resolveSchema finds the schema x-error-envelope names: a local $ref (as a
// string or {$ref}), or a file path from the unbundled sources whose name
// matches a component ("../schemas/v1/res/error_envelope.json" ->
// ErrorEnvelope).
func resolveSchema(doc *openapi3.T, v any) (*openapi3.Schema, error) {
	ref := ""
	switch x := v.(type) {
	case string:
		ref = x
	case map[string]any:
		if r, ok := x["$ref"].(string); ok {
			ref = r
			break
		}
		data, _ := json.Marshal(x)
		var s openapi3.Schema
		if err := json.Unmarshal(data, &s); err != nil {
			return nil, fmt.Errorf("%w: schema: %v", ErrInvalidExtension, err)
		}
		return &s, nil
	case nil:
		return nil, fmt.Errorf("%w: schema is missing", ErrInvalidExtension)
	default:
		return nil, fmt.Errorf("%w: schema must be a $ref or a schema object", ErrInvalidExtension)
	}
	var schemas openapi3.Schemas
	if doc.Components != nil {
		schemas = doc.Components.Schemas
	}
	name := ""
	if rest, ok := strings.CutPrefix(ref, "#/components/schemas/"); ok {
		name = strings.ReplaceAll(strings.ReplaceAll(rest, "~1", "/"), "~0", "~")
	} else {
		name = oasutil.ComponentName(ref)
	}
	s := schemas[name]
	if s == nil || s.Value == nil {
		return nil, fmt.Errorf("%w: schema %q does not resolve to a component", ErrInvalidExtension, ref)
	}
	return s.Value, nil
}

func defaultSchema() *openapi3.Schema {
	str := openapi3.NewStringSchema
	detail := openapi3.NewObjectSchema().
		WithProperty("location", str()).
		WithProperty("code", str()).
		WithProperty("message", str())
	detail.Required = []string{"location", "code", "message"}
	s := openapi3.NewObjectSchema().
		WithProperty("status", openapi3.NewIntegerSchema()).
		WithProperty("error", str()).
		WithProperty("message", str()).
		WithProperty("details", openapi3.NewArraySchema().WithItems(detail))
	s.Required = []string{"status", "error", "message"}
	return s
}
