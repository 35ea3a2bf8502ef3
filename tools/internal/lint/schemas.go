package lint

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/internal/oasutil"
	"github.com/talkamie/contract/tools/internal/load"
)

// keywordClass says how the dialect treats a schema keyword.
type keywordClass int

const (
	kwUnknown keywordClass = iota
	kwAllowed
	kwRejected // valid 2020-12 with no OpenAPI 3.0 equivalent
	kwOpenAPI  // an OpenAPI 3.0 Schema Object keyword, allowed in inline schemas only
)

func classify(kw string) keywordClass {
	switch kw {
	case "$schema", "$id", "$ref", "$defs", "$comment", "title", "description", "type", "enum", "const",
		"format", "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
		"exclusiveMaximum", "multipleOf", "items", "minItems", "maxItems", "uniqueItems", "properties",
		"required", "additionalProperties", "minProperties", "maxProperties", "allOf", "oneOf", "anyOf",
		"not", "discriminator", "default", "examples", "deprecated", "readOnly", "writeOnly":
		return kwAllowed
	case "prefixItems", "if", "then", "else", "unevaluatedProperties", "unevaluatedItems",
		"dependentSchemas", "dependentRequired", "patternProperties", "propertyNames", "contains",
		"minContains", "maxContains", "$anchor", "$dynamicRef", "$dynamicAnchor", "contentEncoding",
		"contentMediaType", "contentSchema":
		return kwRejected
	case "nullable", "example", "externalDocs", "xml":
		return kwOpenAPI
	}
	if strings.HasPrefix(kw, "x-") {
		return kwAllowed
	}
	return kwUnknown
}

// checkSchemaFiles applies the rules about a schema file as a whole: dialect, $id, title,
// description and examples.
func (l *linter) checkSchemaFiles() {
	titles := map[string]*load.File{}
	for _, f := range l.c.Schemas() {
		if f.Root == nil {
			continue
		}
		root := f.Root
		top := f.Pos(root)
		if s := load.Child(root, "$schema"); s == nil {
			l.out.Errorf("schema-dialect", top, "", "the schema does not declare \"$schema\": %q", metaSchemaURL)
		} else if s.Value != metaSchemaURL {
			l.out.Errorf("schema-dialect", f.Pos(s), "/$schema", "$schema is %q, want %q", s.Value, metaSchemaURL)
		}
		if id := load.Child(root, "$id"); id == nil || id.Kind != yaml.ScalarNode || id.Value == "" {
			l.out.Errorf("schema-missing-id", top, "", "the schema has no $id (want one ending in /%s)", idSuffix(f.Path))
		} else if msg := checkID(id.Value, f.Path); msg != "" {
			l.out.Errorf("schema-id-mismatch", f.Pos(id), "/$id", "%s", msg)
		}
		want := oasutil.ComponentName(f.Path)
		if t := load.Child(root, "title"); t == nil || t.Kind != yaml.ScalarNode || strings.TrimSpace(t.Value) == "" {
			l.out.Errorf("schema-missing-title", top, "", "the schema has no title (want %q)", want)
		} else {
			if t.Value != want {
				l.out.Errorf("schema-title-mismatch", f.Pos(t), "/title", "title is %q, want %q (the PascalCase of the file name)", t.Value, want)
			}
			if prev, dup := titles[t.Value]; dup {
				l.out.Errorf("schema-title-duplicate", f.Pos(t), "/title", "title %q is also the title of %s; titles name the bundled components", t.Value, prev.Path)
			} else {
				titles[t.Value] = f
			}
		}
		if d := load.Child(root, "description"); d == nil || d.Kind != yaml.ScalarNode || strings.TrimSpace(d.Value) == "" {
			l.out.Errorf("schema-missing-description", top, "", "the schema has no description")
		}
		if ex := load.Child(root, "examples"); ex == nil || ex.Kind != yaml.SequenceNode || len(ex.Content) == 0 {
			l.out.Errorf("schema-missing-examples", top, "", "the schema has no entry in examples")
		}
	}
}

// idSuffix is the part of a schema's $id that mirrors its path: the path below schemas/.
func idSuffix(p string) string { return strings.TrimPrefix(p, "schemas/") }

// checkID returns a message when an $id's path does not mirror the file path, "" when it does.
func checkID(id, p string) string {
	u, err := url.Parse(id)
	if err != nil || !u.IsAbs() {
		return fmt.Sprintf("$id %q is not an absolute URL", id)
	}
	if u.Fragment != "" || u.RawQuery != "" {
		return fmt.Sprintf("$id %q must not have a query or fragment", id)
	}
	if want := "/" + idSuffix(p); !strings.HasSuffix(u.Path, want) {
		return fmt.Sprintf("$id %q does not mirror the file path: its path must end in %s", id, want)
	}
	return ""
}

func isPascalCase(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case i == 0 && !(r >= 'A' && r <= 'Z'):
			return false
		case !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			return false
		}
	}
	return true
}

// checkSchemaSites validates every schema (files and inline) against the meta-schema and
// applies the dialect's keyword rules to each of its subschemas.
func (l *linter) checkSchemaSites() {
	for _, s := range l.sites {
		l.metaCheck(s)
		walkSchema(s.node, s.ptr, func(ptr string, n *yaml.Node) {
			l.checkKeywords(s, ptr, n)
		})
	}
}

// metaCheck reports a schema's meta-schema violations, each at its own position.
func (l *linter) metaCheck(s site) {
	v, err := load.Value(s.node)
	if err != nil {
		l.out.Errorf("schema-invalid", s.f.Pos(s.node), s.ptr, "the schema cannot be read: %v", err)
		return
	}
	ve, err := l.js.metaValidate(v)
	if err != nil {
		l.out.Errorf("schema-invalid", s.f.Pos(s.node), s.ptr, "the schema cannot be checked: %v", err)
		return
	}
	if ve == nil {
		return
	}
	ls := l.js.leaves(ve)
	sortLeaves(ls)
	for _, lf := range ls {
		n, ptr := nodeAt(s.node, s.ptr, lf.loc)
		where := pointer(lf.loc)
		if where == "" {
			where = "/"
		}
		l.out.Errorf("schema-invalid", s.f.Pos(n), ptr, "at %s: %s (meta-schema keyword %s)", where, lf.msg, lf.keyword)
	}
}

// checkKeywords applies the keyword rules to one subschema.
func (l *linter) checkKeywords(s site, ptr string, n *yaml.Node) {
	f := s.f
	load.Pairs(n, func(k, v *yaml.Node) {
		kptr := ptr + "/" + load.EscapeToken(k.Value)
		switch classify(k.Value) {
		case kwRejected:
			l.out.Errorf("schema-unsupported-keyword", f.Pos(k), kptr, "keyword %q has no OpenAPI 3.0 equivalent", k.Value)
		case kwOpenAPI:
			if !s.inline {
				l.out.Errorf("schema-unsupported-keyword", f.Pos(k), kptr, "keyword %q is OpenAPI 3.0, not JSON Schema 2020-12; schema files use the 2020-12 form", k.Value)
			}
		case kwUnknown:
			l.out.Errorf("schema-unsupported-keyword", f.Pos(k), kptr, "unknown keyword %q (extensions start with x-)", k.Value)
		}
	})
	if t := load.Child(n, "type"); t != nil && t.Kind == yaml.SequenceNode && !nullableTypePair(t) {
		l.out.Errorf("schema-type-array", f.Pos(t), ptr+"/type", "a type array must be [T, \"null\"] with one other type; OpenAPI 3.0 has no union types (use oneOf)")
	}
	if load.Child(n, "$ref") != nil {
		load.Pairs(n, func(k, _ *yaml.Node) {
			switch k.Value {
			case "$ref", "description", "title", "$comment":
			default:
				l.out.Errorf("schema-ref-siblings", f.Pos(k), ptr+"/"+load.EscapeToken(k.Value),
					"%q next to $ref is dropped by OpenAPI 3.0; only description, title and $comment may accompany $ref (wrap in allOf)", k.Value)
			}
		})
	}
	if d := load.Child(n, "discriminator"); d != nil {
		l.checkDiscriminator(f, ptr, n, d)
	}
}

func nullableTypePair(t *yaml.Node) bool {
	if len(t.Content) != 2 {
		return false
	}
	a, b := t.Content[0].Value, t.Content[1].Value
	return (a == "null") != (b == "null")
}

// checkDiscriminator requires an explicit mapping that covers every $ref branch.
func (l *linter) checkDiscriminator(f *load.File, ptr string, schema, d *yaml.Node) {
	dptr := ptr + "/discriminator"
	if pn := load.Child(d, "propertyName"); pn == nil || pn.Value == "" {
		l.out.Errorf("discriminator-mapping-missing", f.Pos(d), dptr, "the discriminator has no propertyName")
	}
	m := load.Child(d, "mapping")
	if m == nil || m.Kind != yaml.MappingNode || len(m.Content) == 0 {
		l.out.Errorf("discriminator-mapping-missing", f.Pos(d), dptr, "the discriminator has no explicit mapping")
		return
	}
	mapped := map[string]bool{}
	load.Pairs(m, func(k, v *yaml.Node) {
		t, err := l.c.Resolve(f, v.Value)
		if err != nil {
			l.out.Errorf("ref-unresolved", f.Pos(v), dptr+"/mapping/"+load.EscapeToken(k.Value), "mapping %q: %v", k.Value, err)
			return
		}
		mapped[t.File.Path+"#"+t.Pointer] = true
	})
	for _, kw := range []string{"oneOf", "anyOf"} {
		branches := load.Child(schema, kw)
		if branches == nil || branches.Kind != yaml.SequenceNode {
			continue
		}
		for i, b := range branches.Content {
			r := load.Child(b, "$ref")
			if r == nil {
				continue
			}
			t, err := l.c.Resolve(f, r.Value)
			if err != nil {
				continue // reported by ref-unresolved
			}
			if !mapped[t.File.Path+"#"+t.Pointer] {
				l.out.Errorf("discriminator-mapping-missing", f.Pos(r), fmt.Sprintf("%s/%s/%d/$ref", ptr, kw, i),
					"branch %q is not a value of the discriminator mapping", r.Value)
			}
		}
	}
}

// checkDefsNames requires PascalCase $defs keys, unique across the contract and distinct
// from every schema title: the bundler uses both as component names.
func (l *linter) checkDefsNames() {
	titles := map[string]string{}
	for _, f := range l.c.Schemas() {
		if t := load.Child(f.Root, "title"); t != nil && f.Root != nil {
			if _, ok := titles[t.Value]; !ok {
				titles[t.Value] = f.Path
			}
		}
	}
	seen := map[string]string{}
	for _, f := range l.c.Schemas() {
		if f.Root == nil {
			continue
		}
		walkSchema(f.Root, "", func(ptr string, n *yaml.Node) {
			load.Pairs(load.Child(n, "$defs"), func(k, _ *yaml.Node) {
				kptr := ptr + "/$defs/" + load.EscapeToken(k.Value)
				where := f.Path + "#" + kptr
				switch {
				case !isPascalCase(k.Value):
					l.out.Errorf("schema-defs-name", f.Pos(k), kptr, "$defs key %q is not PascalCase", k.Value)
				case seen[k.Value] != "":
					l.out.Errorf("schema-defs-name", f.Pos(k), kptr, "$defs key %q is also defined at %s; $defs keys name bundled components and must be unique", k.Value, seen[k.Value])
				case titles[k.Value] != "":
					l.out.Errorf("schema-defs-name", f.Pos(k), kptr, "$defs key %q is also the title of %s; $defs keys name bundled components and must be unique", k.Value, titles[k.Value])
				}
				if seen[k.Value] == "" {
					seen[k.Value] = where
				}
			})
		})
	}
}

// checkRefs resolves every $ref of every file.
func (l *linter) checkRefs() {
	for _, f := range l.c.Files() {
		if f.Root == nil {
			continue
		}
		load.Walk(f.Root, func(ptr string, n *yaml.Node) bool {
			if n.Kind != yaml.MappingNode {
				return true
			}
			k, v := load.KeyNode(n, "$ref"), load.Child(n, "$ref")
			if k == nil || v.Kind == yaml.MappingNode {
				return true // a property named $ref, not a reference
			}
			rptr := ptr + "/$ref"
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!str" {
				l.out.Errorf("ref-unresolved", f.Pos(k), rptr, "$ref must be a string")
				return true
			}
			if _, err := l.c.Resolve(f, v.Value); err != nil {
				l.out.Errorf("ref-unresolved", f.Pos(k), rptr, "$ref %q does not resolve: %v", v.Value, err)
			}
			return true
		})
	}
}

// checkUnused warns about schema files that nothing reaches from the OpenAPI and AsyncAPI
// roots (through $refs and discriminator mappings, transitively).
func (l *linter) checkUnused() {
	var queue []*load.File
	for _, f := range []*load.File{l.c.OpenAPI(), l.c.AsyncAPI()} {
		if f != nil && f.Root != nil {
			queue = append(queue, f)
		}
	}
	if len(queue) == 0 {
		return // a schemas-only directory: there is nothing to be reached from
	}
	reached := map[string]bool{}
	for _, f := range queue {
		reached[f.Path] = true
	}
	for len(queue) > 0 {
		f := queue[0]
		queue = queue[1:]
		for _, ref := range references(f) {
			t, err := l.c.Resolve(f, ref)
			if err != nil || reached[t.File.Path] {
				continue
			}
			reached[t.File.Path] = true
			queue = append(queue, t.File)
		}
	}
	for _, f := range l.c.Schemas() {
		if f.Root != nil && !reached[f.Path] {
			l.out.Warnf("schema-unused", f.Pos(f.Root), "", "no operation, message or reachable schema references %s", f.Path)
		}
	}
}

// references lists the targets a file refers to: $refs, discriminator mapping values and
// the schema of an x-error-envelope declaration.
func references(f *load.File) []string {
	var out []string
	load.Walk(f.Root, func(ptr string, n *yaml.Node) bool {
		if n.Kind != yaml.MappingNode {
			return true
		}
		if r := load.Child(n, "$ref"); r != nil && r.Kind == yaml.ScalarNode {
			out = append(out, r.Value)
		}
		if strings.HasSuffix(ptr, "/discriminator") {
			load.Pairs(load.Child(n, "mapping"), func(_, v *yaml.Node) { out = append(out, v.Value) })
		}
		if ptr == "/x-error-envelope" {
			if s := load.Child(n, "schema"); s != nil && s.Kind == yaml.ScalarNode {
				out = append(out, s.Value)
			}
		}
		return true
	})
	slices.Sort(out)
	return slices.Compact(out)
}
