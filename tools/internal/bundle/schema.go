package bundle

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/tools/internal/load"
)

// dialect is the schema language a document is written in.
type dialect int

const (
	// openAPI30 is the OpenAPI 3.0.3 Schema Object.
	openAPI30 dialect = iota
	// asyncAPISchema is the AsyncAPI 3.0 default schema format: JSON Schema
	// draft-07 plus a few fields (discriminator is a property name).
	asyncAPISchema
)

// Keywords whose value is one schema, a map of schemas or a list of schemas.
var (
	schemaKeywords = map[string]bool{
		"not": true, "contains": true, "propertyNames": true, "if": true, "then": true, "else": true,
		"unevaluatedItems": true, "unevaluatedProperties": true, "contentSchema": true,
	}
	schemaMapKeywords  = map[string]bool{"properties": true, "patternProperties": true, "dependentSchemas": true}
	schemaListKeywords = map[string]bool{"allOf": true, "anyOf": true, "oneOf": true, "prefixItems": true}
)

// openAPIKeywords are the keywords an OpenAPI 3.0.3 Schema Object accepts after
// conversion: the contract's JSON Schema subset plus OpenAPI's own fields, for
// schemas written inline in spec/ files.
var openAPIKeywords = map[string]bool{
	"title": true, "description": true, "type": true, "enum": true, "format": true, "pattern": true,
	"minLength": true, "maxLength": true, "minimum": true, "maximum": true, "exclusiveMinimum": true,
	"exclusiveMaximum": true, "multipleOf": true, "items": true, "minItems": true, "maxItems": true,
	"uniqueItems": true, "properties": true, "required": true, "additionalProperties": true,
	"minProperties": true, "maxProperties": true, "allOf": true, "oneOf": true, "anyOf": true, "not": true,
	"discriminator": true, "default": true, "deprecated": true, "readOnly": true, "writeOnly": true,
	// OpenAPI's own fields.
	"nullable": true, "example": true, "externalDocs": true, "xml": true,
	// Converted or dropped by the bundler.
	"$schema": true, "$id": true, "$comment": true, "$defs": true, "$ref": true, "const": true, "examples": true,
}

// schema converts the schema n, found at pointer in f, into the pass's dialect.
func (p *pass) schema(f *load.File, n *yaml.Node, pointer string) *yaml.Node {
	n = deref(n)
	if n == nil {
		return mapping()
	}
	switch {
	case isBool(n):
		// Boolean schemas: true accepts anything, false nothing.
		if p.dialect == asyncAPISchema {
			return clone(n)
		}
		if n.Value == "true" {
			return mapping()
		}
		m := mapping()
		set(m, "not", mapping())
		return m
	case n.Kind != yaml.MappingNode:
		p.findings.Errorf("schema-unconvertible", f.Pos(n), pointer, "a schema must be an object or a boolean")
		return clone(n)
	}
	if ref := load.Child(n, "$ref"); ref != nil {
		return p.schemaRef(f, ref, pointer)
	}
	if p.dialect == openAPI30 {
		return p.openAPISchema(f, n, pointer)
	}
	return p.asyncAPISchema(f, n, pointer)
}

// subschemas converts the value of a keyword that holds schemas; ok is false
// when key is not such a keyword.
func (p *pass) subschemas(f *load.File, key string, v *yaml.Node, pointer string) (out *yaml.Node, ok bool) {
	v = deref(v)
	ptr := pointer + "/" + load.EscapeToken(key)
	switch {
	case schemaKeywords[key]:
		return p.schema(f, v, ptr), true
	case key == "items":
		if v.Kind == yaml.SequenceNode {
			if p.dialect == openAPI30 {
				p.findings.Errorf("schema-unconvertible", f.Pos(v), ptr, "tuple items (an array of schemas) have no OpenAPI 3.0 equivalent")
			}
			return p.schemaList(f, v, ptr), true
		}
		return p.schema(f, v, ptr), true
	case key == "additionalProperties":
		if isBool(v) {
			return clone(v), true
		}
		return p.schema(f, v, ptr), true
	case schemaMapKeywords[key]:
		if v.Kind != yaml.MappingNode {
			p.findings.Errorf("schema-unconvertible", f.Pos(v), ptr, "%s must be an object of schemas", key)
			return clone(v), true
		}
		m := mapping()
		load.Pairs(v, func(k, s *yaml.Node) {
			set(m, k.Value, p.schema(f, s, ptr+"/"+load.EscapeToken(k.Value)))
		})
		return m, true
	case schemaListKeywords[key]:
		if v.Kind != yaml.SequenceNode {
			p.findings.Errorf("schema-unconvertible", f.Pos(v), ptr, "%s must be an array of schemas", key)
			return clone(v), true
		}
		return p.schemaList(f, v, ptr), true
	}
	return nil, false
}

func (p *pass) schemaList(f *load.File, v *yaml.Node, ptr string) *yaml.Node {
	s := sequence()
	for i, item := range v.Content {
		s.Content = append(s.Content, p.schema(f, item, ptr+"/"+strconv.Itoa(i)))
	}
	return s
}

// asyncAPISchema copies a schema in the AsyncAPI dialect: $schema, $id, $comment
// and $defs (hoisted) are dropped, refs are rewritten and a discriminator object
// becomes its property name.
func (p *pass) asyncAPISchema(f *load.File, n *yaml.Node, pointer string) *yaml.Node {
	out := mapping()
	load.Pairs(n, func(k, v *yaml.Node) {
		key := k.Value
		switch key {
		case "$schema", "$id", "$comment", "$defs":
			return
		case "discriminator":
			if prop := load.Child(v, "propertyName"); prop != nil {
				set(out, key, clone(prop))
				return
			}
		}
		if c, ok := p.subschemas(f, key, v, pointer); ok {
			set(out, key, c)
			return
		}
		set(out, key, clone(v))
	})
	return out
}

// openAPISchema converts a JSON Schema 2020-12 object into an OpenAPI 3.0.3
// Schema Object, keeping the source key order.
func (p *pass) openAPISchema(f *load.File, n *yaml.Node, pointer string) *yaml.Node {
	out := mapping()
	at := func(key string) string { return pointer + "/" + load.EscapeToken(key) }
	hasConst := load.Child(n, "const") != nil
	bounds := map[string]bool{} // "minimum"/"maximum" once written
	load.Pairs(n, func(k, v *yaml.Node) {
		key := k.Value
		v = deref(v)
		switch {
		case key == "$schema" || key == "$id" || key == "$comment":
			return
		case key == "$defs":
			if p.reg.byTarget[targetKey(f.Path, pointer)] == nil {
				p.findings.Errorf("schema-unconvertible", f.Pos(k), at(key),
					"$defs is only hoisted from the top of a schema file or from another $defs entry")
			}
			return
		case key == "type":
			p.openAPIType(f, out, v, at(key))
			return
		case key == "const":
			set(out, "enum", sequence(clone(v)))
			if v.ShortTag() == "!!null" && load.Child(n, "nullable") == nil {
				set(out, "nullable", boolean(true))
			}
			return
		case key == "enum" && hasConst:
			return // const is the narrower of the two
		case key == "examples":
			if v.Kind != yaml.SequenceNode {
				p.findings.Errorf("schema-unconvertible", f.Pos(v), at(key), "examples must be an array")
				return
			}
			if len(v.Content) > 0 && load.Child(n, "example") == nil {
				set(out, "example", clone(v.Content[0]))
			}
			return
		case key == "minimum" || key == "exclusiveMinimum":
			p.openAPIBound(f, out, n, "minimum", "exclusiveMinimum", bounds, pointer)
			return
		case key == "maximum" || key == "exclusiveMaximum":
			p.openAPIBound(f, out, n, "maximum", "exclusiveMaximum", bounds, pointer)
			return
		case key == "discriminator":
			set(out, key, p.discriminator(f, v, at(key)))
			return
		case strings.HasPrefix(key, "x-"):
			set(out, key, clone(v))
			return
		case !openAPIKeywords[key] && !schemaKeywords[key] && !schemaMapKeywords[key] && !schemaListKeywords[key]:
			p.findings.Errorf("schema-unconvertible", f.Pos(k), at(key), "keyword %q has no OpenAPI 3.0 equivalent", key)
			set(out, key, clone(v))
			return
		}
		if c, ok := p.subschemas(f, key, v, pointer); ok {
			if !openAPIKeywords[key] {
				p.findings.Errorf("schema-unconvertible", f.Pos(k), at(key), "keyword %q has no OpenAPI 3.0 equivalent", key)
			}
			set(out, key, c)
			return
		}
		set(out, key, clone(v))
	})
	if typ, _ := scalarString(load.Child(out, "type")); typ == "array" && load.Child(out, "items") == nil {
		p.findings.Errorf("schema-unconvertible", f.Pos(n), pointer, "an array schema needs items in OpenAPI 3.0 (use items: {} for any item)")
	}
	return out
}

// openAPIType writes type (and nullable) for a 2020-12 type value.
func (p *pass) openAPIType(f *load.File, out, v *yaml.Node, ptr string) {
	if s, ok := scalarString(v); ok {
		if s == "null" {
			p.findings.Errorf("schema-unconvertible", f.Pos(v), ptr, `type "null" alone has no OpenAPI 3.0 equivalent`)
		}
		set(out, "type", str(s))
		return
	}
	if v.Kind == yaml.SequenceNode && len(v.Content) == 2 {
		a, okA := scalarString(v.Content[0])
		b, okB := scalarString(v.Content[1])
		if okA && okB && (a == "null") != (b == "null") {
			if a == "null" {
				a = b
			}
			set(out, "type", str(a))
			set(out, "nullable", boolean(true))
			return
		}
	}
	if v.Kind == yaml.SequenceNode && len(v.Content) == 1 {
		if s, ok := scalarString(v.Content[0]); ok && s != "null" {
			set(out, "type", str(s))
			return
		}
	}
	p.findings.Errorf("schema-unconvertible", f.Pos(v), ptr, `type must be one type name or [T, "null"] to convert to OpenAPI 3.0`)
	set(out, "type", clone(v))
}

// openAPIBound writes a lower or upper bound (min is "minimum" or "maximum") once,
// at the position of the first of the two keywords: a numeric exclusive bound n
// becomes `min: n` plus `exclusive: true`, unless the inclusive bound is tighter.
func (p *pass) openAPIBound(f *load.File, out, n *yaml.Node, min, exclusive string, done map[string]bool, pointer string) {
	if done[min] {
		return
	}
	done[min] = true
	incl, excl := deref(load.Child(n, min)), deref(load.Child(n, exclusive))
	switch {
	case excl == nil:
		set(out, min, clone(incl))
		return
	case isBool(excl): // already the OpenAPI 3.0 form
		if incl != nil {
			set(out, min, clone(incl))
		}
		set(out, exclusive, clone(excl))
		return
	case !isNumber(excl):
		p.findings.Errorf("schema-unconvertible", f.Pos(excl), pointer+"/"+exclusive, "%s must be a number", exclusive)
		return
	}
	if incl != nil && isNumber(incl) && tighter(min, incl.Value, excl.Value) {
		set(out, min, clone(incl))
		return
	}
	set(out, min, clone(excl))
	set(out, exclusive, boolean(true))
}

// tighter reports whether the inclusive bound incl excludes more than the exclusive
// bound excl (for "minimum": incl > excl; for "maximum": incl < excl).
func tighter(min, incl, excl string) bool {
	i, err1 := strconv.ParseFloat(incl, 64)
	e, err2 := strconv.ParseFloat(excl, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	if min == "minimum" {
		return i > e
	}
	return i < e
}

// discriminator rewrites the mapping values of an OpenAPI discriminator, written
// as $refs relative to the schema file or as bare component names, into
// component refs.
func (p *pass) discriminator(f *load.File, v *yaml.Node, ptr string) *yaml.Node {
	if v.Kind != yaml.MappingNode {
		p.findings.Errorf("schema-unconvertible", f.Pos(v), ptr, "discriminator must be an object {propertyName, mapping}")
		return clone(v)
	}
	out := mapping()
	load.Pairs(v, func(k, val *yaml.Node) {
		if k.Value != "mapping" || deref(val).Kind != yaml.MappingNode {
			set(out, k.Value, clone(val))
			return
		}
		m := mapping()
		load.Pairs(val, func(mk, mv *yaml.Node) {
			ref, ok := scalarString(mv)
			if !ok {
				p.findings.Errorf("schema-unconvertible", f.Pos(mv), ptr+"/mapping/"+load.EscapeToken(mk.Value), "a discriminator mapping value must be a $ref string")
				set(m, mk.Value, clone(mv))
				return
			}
			if comp := p.reg.byName[ref]; comp != nil && !strings.ContainsAny(ref, "/#") {
				// OpenAPI also allows a bare schema name as a mapping value.
				p.used[comp.name] = true
				set(m, mk.Value, str(schemasPrefix+comp.name))
				return
			}
			set(m, mk.Value, str(p.componentRef(f, mv, ref, ptr+"/mapping/"+load.EscapeToken(mk.Value))))
		})
		set(out, k.Value, m)
	})
	return out
}
