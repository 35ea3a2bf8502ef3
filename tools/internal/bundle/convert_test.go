package bundle_test

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/tools/internal/bundle"
	"github.com/talkamie/contract/tools/internal/diag"
	"github.com/talkamie/contract/tools/internal/load"
)

// subjectContract is a contract around one schema under test: subject.json
// (title Subject, its JSON body given by the test) next to other.json (Other),
// an OpenAPI root and an AsyncAPI root whose message payload is the subject.
func subjectContract(t *testing.T, body string) fstest.MapFS {
	t.Helper()
	return fstest.MapFS{
		"schemas/v1/t/subject.json": {Data: []byte(`{"$id": "https://schemas.example.com/v1/t/subject.json", "title": "Subject", ` +
			strings.TrimPrefix(strings.TrimSpace(body), "{"))},
		"schemas/v1/t/other.json": {Data: []byte(`{"$id": "https://schemas.example.com/v1/t/other.json", "title": "Other", "type": "string"}`)},
		"spec/openapi.yaml":       {Data: []byte("openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\n")},
		"spec/asyncapi.yaml": {Data: []byte("asyncapi: 3.0.0\ninfo: {title: T, version: \"1\"}\nchannels:\n  ws:\n    address: /ws\n" +
			"    messages:\n      Subject:\n        payload:\n          $ref: ../schemas/v1/t/subject.json\n")},
	}
}

// component returns the YAML of components/schemas/<name> in a bundled document,
// or "" when it is absent.
func component(t *testing.T, doc []byte, name string) string {
	t.Helper()
	var root yaml.Node
	if err := yaml.Unmarshal(doc, &root); err != nil {
		t.Fatal(err)
	}
	n := load.Child(load.Child(load.Child(root.Content[0], "components"), "schemas"), name)
	if n == nil {
		return ""
	}
	return canonical(t, n)
}

// canonical re-encodes a node in block style, so that flow-style expectations
// compare with the bundle key by key, in order.
func canonical(t *testing.T, n *yaml.Node) string {
	t.Helper()
	load.Walk(n, func(_ string, n *yaml.Node) bool { n.Style = 0; return true })
	b, err := yaml.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func canonicalText(t *testing.T, s string) string {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(s), &doc); err != nil {
		t.Fatalf("bad expectation %q: %v", s, err)
	}
	return canonical(t, doc.Content[0])
}

// TestConversions converts one schema per case and compares the OpenAPI and the
// AsyncAPI component (written in flow YAML; key order counts).
func TestConversions(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		comp     string // the component to compare; Subject when empty
		openapi  string
		asyncapi string // "" when the component must be absent from the AsyncAPI document
	}{
		{
			name:     "nullable type",
			body:     `{"type": ["string", "null"], "maxLength": 3}`,
			openapi:  `{title: Subject, type: string, nullable: true, maxLength: 3}`,
			asyncapi: `{title: Subject, type: [string, "null"], maxLength: 3}`,
		},
		{
			name:     "nullable type with null first",
			body:     `{"type": ["null", "integer"]}`,
			openapi:  `{title: Subject, type: integer, nullable: true}`,
			asyncapi: `{title: Subject, type: ["null", integer]}`,
		},
		{
			name:     "one-element type array",
			body:     `{"type": ["boolean"]}`,
			openapi:  `{title: Subject, type: boolean}`,
			asyncapi: `{title: Subject, type: [boolean]}`,
		},
		{
			name:     "const becomes a single-value enum",
			body:     `{"type": "string", "const": "chat.message.send"}`,
			openapi:  `{title: Subject, type: string, enum: [chat.message.send]}`,
			asyncapi: `{title: Subject, type: string, const: chat.message.send}`,
		},
		{
			name:     "const false",
			body:     `{"type": "boolean", "const": false}`,
			openapi:  `{title: Subject, type: boolean, enum: [false]}`,
			asyncapi: `{title: Subject, type: boolean, const: false}`,
		},
		{
			name:     "const null is nullable",
			body:     `{"const": null}`,
			openapi:  `{title: Subject, enum: [null], nullable: true}`,
			asyncapi: `{title: Subject, const: null}`,
		},
		{
			name:     "const wins over enum",
			body:     `{"enum": ["a", "b"], "const": "a"}`,
			openapi:  `{title: Subject, enum: [a]}`,
			asyncapi: `{title: Subject, enum: [a, b], const: a}`,
		},
		{
			name:     "numeric exclusiveMinimum",
			body:     `{"type": "integer", "exclusiveMinimum": 0}`,
			openapi:  `{title: Subject, type: integer, minimum: 0, exclusiveMinimum: true}`,
			asyncapi: `{title: Subject, type: integer, exclusiveMinimum: 0}`,
		},
		{
			name:     "numeric exclusiveMaximum after minimum",
			body:     `{"type": "number", "minimum": 1, "exclusiveMaximum": 5.5}`,
			openapi:  `{title: Subject, type: number, minimum: 1, maximum: 5.5, exclusiveMaximum: true}`,
			asyncapi: `{title: Subject, type: number, minimum: 1, exclusiveMaximum: 5.5}`,
		},
		{
			name:     "exclusive bound tighter than the inclusive one",
			body:     `{"type": "number", "maximum": 10, "exclusiveMaximum": 5}`,
			openapi:  `{title: Subject, type: number, maximum: 5, exclusiveMaximum: true}`,
			asyncapi: `{title: Subject, type: number, maximum: 10, exclusiveMaximum: 5}`,
		},
		{
			name:     "inclusive bound tighter than the exclusive one",
			body:     `{"type": "number", "exclusiveMinimum": 5, "minimum": 10}`,
			openapi:  `{title: Subject, type: number, minimum: 10}`,
			asyncapi: `{title: Subject, type: number, exclusiveMinimum: 5, minimum: 10}`,
		},
		{
			name:     "boolean exclusive bound is already OpenAPI 3.0",
			body:     `{"type": "number", "minimum": 0, "exclusiveMinimum": true}`,
			openapi:  `{title: Subject, type: number, minimum: 0, exclusiveMinimum: true}`,
			asyncapi: `{title: Subject, type: number, minimum: 0, exclusiveMinimum: true}`,
		},
		{
			name:     "examples become the first example",
			body:     `{"type": "string", "examples": ["a", "b"]}`,
			openapi:  `{title: Subject, type: string, example: a}`,
			asyncapi: `{title: Subject, type: string, examples: [a, b]}`,
		},
		{
			name:     "empty examples are dropped",
			body:     `{"type": "string", "examples": []}`,
			openapi:  `{title: Subject, type: string}`,
			asyncapi: `{title: Subject, type: string, examples: []}`,
		},
		{
			name:     "example data is not rewritten",
			body:     `{"type": "object", "examples": [{"$ref": "other.json", "type": ["a", "null"], "const": 1}]}`,
			openapi:  `{title: Subject, type: object, example: {$ref: other.json, type: [a, "null"], const: 1}}`,
			asyncapi: `{title: Subject, type: object, examples: [{$ref: other.json, type: [a, "null"], const: 1}]}`,
		},
		{
			name:     "$schema, $id and $comment are dropped",
			body:     `{"$schema": "https://json-schema.org/draft/2020-12/schema", "$comment": "c", "type": "string"}`,
			openapi:  `{title: Subject, type: string}`,
			asyncapi: `{title: Subject, type: string}`,
		},
		{
			name:     "relative $ref with dropped siblings",
			body:     `{"type": "object", "properties": {"o": {"$ref": "other.json", "description": "dropped", "title": "dropped"}}}`,
			openapi:  `{title: Subject, type: object, properties: {o: {$ref: "#/components/schemas/Other"}}}`,
			asyncapi: `{title: Subject, type: object, properties: {o: {$ref: "#/components/schemas/Other"}}}`,
		},
		{
			name:     "$ref by $id",
			body:     `{"items": {"$ref": "https://schemas.example.com/v1/t/other.json"}, "type": "array"}`,
			openapi:  `{title: Subject, items: {$ref: "#/components/schemas/Other"}, type: array}`,
			asyncapi: `{title: Subject, items: {$ref: "#/components/schemas/Other"}, type: array}`,
		},
		{
			name:     "AsyncAPI carries referenced schemas transitively",
			body:     `{"$ref": "other.json"}`,
			comp:     "Other",
			openapi:  `{title: Other, type: string}`,
			asyncapi: `{title: Other, type: string}`,
		},
		{
			name:     "$defs are hoisted",
			body:     `{"$ref": "#/$defs/Part", "$defs": {"Part": {"type": "object", "properties": {"p": {"$ref": "#/$defs/Piece"}}}, "Piece": {"type": "string"}}}`,
			comp:     "Part",
			openapi:  `{type: object, properties: {p: {$ref: "#/components/schemas/Piece"}}}`,
			asyncapi: `{type: object, properties: {p: {$ref: "#/components/schemas/Piece"}}}`,
		},
		{
			name:     "the $defs holder keeps no $defs",
			body:     `{"type": "object", "$defs": {"Part": {"type": "string"}}}`,
			openapi:  `{title: Subject, type: object}`,
			asyncapi: `{title: Subject, type: object}`,
		},
		{
			name:     "unreferenced $defs stay out of the AsyncAPI document",
			body:     `{"type": "object", "$defs": {"Part": {"type": "string"}}}`,
			comp:     "Part",
			openapi:  `{type: string}`,
			asyncapi: ``,
		},
		{
			name: "discriminator mapping",
			body: `{"oneOf": [{"$ref": "#/$defs/A"}, {"$ref": "#/$defs/B"}], "discriminator": {"propertyName": "kind", "mapping": {"a": "#/$defs/A", "b": "subject.json#/$defs/B"}},
				"$defs": {"A": {"type": "object", "properties": {"kind": {"const": "a"}}}, "B": {"type": "object", "properties": {"kind": {"const": "b"}}}}}`,
			openapi: `{title: Subject, oneOf: [{$ref: "#/components/schemas/A"}, {$ref: "#/components/schemas/B"}],
				discriminator: {propertyName: kind, mapping: {a: "#/components/schemas/A", b: "#/components/schemas/B"}}}`,
			asyncapi: `{title: Subject, oneOf: [{$ref: "#/components/schemas/A"}, {$ref: "#/components/schemas/B"}], discriminator: kind}`,
		},
		{
			name:     "discriminator mapping by component name",
			body:     `{"oneOf": [{"$ref": "other.json"}], "discriminator": {"propertyName": "kind", "mapping": {"o": "Other"}}}`,
			openapi:  `{title: Subject, oneOf: [{$ref: "#/components/schemas/Other"}], discriminator: {propertyName: kind, mapping: {o: "#/components/schemas/Other"}}}`,
			asyncapi: `{title: Subject, oneOf: [{$ref: "#/components/schemas/Other"}], discriminator: kind}`,
		},
		{
			name:     "boolean subschemas",
			body:     `{"type": "object", "properties": {"any": true, "none": false}, "additionalProperties": false}`,
			openapi:  `{title: Subject, type: object, properties: {any: {}, none: {not: {}}}, additionalProperties: false}`,
			asyncapi: `{title: Subject, type: object, properties: {any: true, none: false}, additionalProperties: false}`,
		},
		{
			name: "conversions apply inside every subschema keyword",
			body: `{"allOf": [{"type": ["string", "null"]}], "anyOf": [{"const": 1}], "oneOf": [{"examples": [2]}], "not": {"const": 3},
				"items": {"type": ["integer", "null"]}, "additionalProperties": {"const": "x"}}`,
			openapi: `{title: Subject, allOf: [{type: string, nullable: true}], anyOf: [{enum: [1]}], oneOf: [{example: 2}], not: {enum: [3]},
				items: {type: integer, nullable: true}, additionalProperties: {enum: [x]}}`,
			asyncapi: `{title: Subject, allOf: [{type: [string, "null"]}], anyOf: [{const: 1}], oneOf: [{examples: [2]}], not: {const: 3},
				items: {type: [integer, "null"]}, additionalProperties: {const: x}}`,
		},
		{
			name:     "extensions and OpenAPI keywords are kept verbatim",
			body:     `{"type": "object", "x-aliases": ["send-message"], "x-data": {"$ref": "not-a-ref"}, "deprecated": true, "readOnly": true}`,
			openapi:  `{title: Subject, type: object, x-aliases: [send-message], x-data: {$ref: not-a-ref}, deprecated: true, readOnly: true}`,
			asyncapi: `{title: Subject, type: object, x-aliases: [send-message], x-data: {$ref: not-a-ref}, deprecated: true, readOnly: true}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, findings, err := load.FS(subjectContract(t, tt.body))
			if err != nil || findings.HasErrors() {
				t.Fatalf("load: %v %v", err, findings)
			}
			res, err := bundle.Bundle(c)
			if err != nil {
				t.Fatalf("Bundle: %v", err)
			}
			name := cmpOr(tt.comp, "Subject")
			if got, want := component(t, res.OpenAPI, name), canonicalText(t, tt.openapi); got != want {
				t.Errorf("OpenAPI %s:\n got %s\nwant %s", name, got, want)
			}
			want := ""
			if tt.asyncapi != "" {
				want = canonicalText(t, tt.asyncapi)
			}
			if got := component(t, res.AsyncAPI, name); got != want {
				t.Errorf("AsyncAPI %s:\n got %s\nwant %s", name, got, want)
			}
		})
	}
}

// TestConversionErrors checks that each construct with no OpenAPI 3.0
// equivalent, and each broken reference, is a finding at the right place.
func TestConversionErrors(t *testing.T) {
	tests := []struct {
		name string
		body string
		// want lists "<marker> <code>" in order: each finding is at the first
		// occurrence of its marker in subject.json.
		want []string
	}{
		{"two non-null types", `{"type": ["string", "integer"]}`, []string{`["string", "integer"] schema-unconvertible`}},
		{"null alone", `{"type": "null"}`, []string{`"null" schema-unconvertible`}},
		{"tuple items", `{"type": "array", "items": [{"type": "string"}]}`, []string{`[{"type": "string"}] schema-unconvertible`}},
		{"prefixItems", `{"type": "array", "items": {}, "prefixItems": [{}]}`, []string{`"prefixItems" schema-unconvertible`}},
		{"if then else", `{"if": {}, "then": {}, "else": {}}`, []string{`"if" schema-unconvertible`, `"then" schema-unconvertible`, `"else" schema-unconvertible`}},
		{"unevaluatedProperties", `{"unevaluatedProperties": false}`, []string{`"unevaluatedProperties" schema-unconvertible`}},
		{"patternProperties", `{"patternProperties": {"^a": {}}}`, []string{`"patternProperties" schema-unconvertible`}},
		{"dependentRequired", `{"dependentRequired": {"a": ["b"]}}`, []string{`"dependentRequired" schema-unconvertible`}},
		{"array without items", `{"properties": {"list": {"type": "array"}}}`, []string{`{"type": "array"} schema-unconvertible`}},
		{"$defs below the top", `{"properties": {"p": {"$defs": {"X": {}}}}}`, []string{`"$defs" schema-unconvertible`}},
		{"string exclusive bound", `{"exclusiveMinimum": "1"}`, []string{`"1" schema-unconvertible`}},
		{"missing file", `{"$ref": "nope.json"}`, []string{`"nope.json" unresolved-ref`}},
		{"missing pointer", `{"properties": {"p": {"$ref": "other.json#/nope"}}}`, []string{`"other.json#/nope" unresolved-ref`}},
		{"missing mapping target", `{"oneOf": [], "discriminator": {"propertyName": "k", "mapping": {"a": "#/$defs/A"}}}`, []string{`"#/$defs/A" unresolved-ref`}},
		{"name collision with another file", `{"$defs": {"Other": {}}}`, []string{`"Other" schema-name-collision`}},
		{"invalid component name", `{"$defs": {"Not valid": {}}}`, []string{`"Not valid" schema-invalid-name`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := subjectContract(t, tt.body)
			c, findings, err := load.FS(fsys)
			if err != nil || findings.HasErrors() {
				t.Fatalf("load: %v %v", err, findings)
			}
			subject := string(fsys["schemas/v1/t/subject.json"].Data)
			var want []string
			for _, w := range tt.want {
				cut := strings.LastIndexByte(w, ' ')
				marker, code := w[:cut], w[cut+1:]
				i := strings.Index(subject, marker)
				if i < 0 {
					t.Fatalf("marker %q is not in subject.json", marker)
				}
				want = append(want, "1:"+strconv.Itoa(i+1)+" "+code)
			}
			res, err := bundle.Bundle(c)
			var list diag.List
			if !errors.As(err, &list) {
				t.Fatalf("Bundle = %v, %v; want findings", res, err)
			}
			var got []string
			for _, f := range list {
				if f.Pos.File != "schemas/v1/t/subject.json" && f.Code != "schema-name-collision" {
					t.Errorf("finding outside the subject: %v", f)
				}
				if f.Severity != diag.Error {
					t.Errorf("severity %v, want error: %v", f.Severity, f)
				}
				got = append(got, strings.TrimPrefix(f.Pos.String(), f.Pos.File+":")+" "+f.Code)
			}
			if !slices.Equal(got, want) {
				t.Errorf("findings %q, want %q\n%v", got, want, list)
			}
		})
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
