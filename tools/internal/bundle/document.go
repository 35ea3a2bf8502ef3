package bundle

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/tools/internal/load"
)

// spec copies a node of an OpenAPI or AsyncAPI document: refs to another file
// are inlined, refs back into the root become local, schema refs become
// component refs, values that hold schemas are converted, and example data and
// x- extensions are copied verbatim.
func (p *pass) spec(f *load.File, n *yaml.Node, pointer string) *yaml.Node {
	n = deref(n)
	switch n.Kind {
	case yaml.SequenceNode:
		s := sequence()
		for i, c := range n.Content {
			s.Content = append(s.Content, p.spec(f, c, pointer+"/"+strconv.Itoa(i)))
		}
		return s
	case yaml.MappingNode:
	default:
		return clone(n)
	}
	if ref := load.Child(n, "$ref"); ref != nil {
		return p.specRef(f, ref, pointer)
	}
	out := mapping()
	load.Pairs(n, func(k, v *yaml.Node) {
		set(out, k.Value, p.specValue(f, k.Value, v, pointer+"/"+load.EscapeToken(k.Value)))
	})
	return out
}

// specValue converts the value of key inside a spec object.
func (p *pass) specValue(f *load.File, key string, v *yaml.Node, ptr string) *yaml.Node {
	switch {
	case strings.HasPrefix(key, "x-"), key == "example":
		return clone(v)
	case key == "examples":
		return p.examples(f, v, ptr)
	case p.isSchemaKey(key, ptr):
		if mf := deref(v); p.dialect == asyncAPISchema && load.Child(mf, "schemaFormat") != nil {
			return p.multiFormat(f, mf, ptr)
		}
		return p.schema(f, v, ptr)
	}
	return p.spec(f, v, ptr)
}

// isSchemaKey reports whether the value of key (at ptr) is a schema.
func (p *pass) isSchemaKey(key, ptr string) bool {
	if p.dialect == openAPI30 {
		return key == "schema"
	}
	switch key {
	case "payload", "headers":
		return true
	case "query": // the WebSocket channel binding's query schema
		return strings.Contains(ptr, "/bindings/")
	}
	return false
}

// multiFormat copies an AsyncAPI Multi Format Schema Object; its schema is
// converted only when it is in the default (AsyncAPI or JSON Schema) format.
func (p *pass) multiFormat(f *load.File, n *yaml.Node, ptr string) *yaml.Node {
	format, _ := scalarString(load.Child(n, "schemaFormat"))
	jsonLike := strings.HasPrefix(format, "application/vnd.aai.asyncapi") || strings.HasPrefix(format, "application/schema+")
	out := mapping()
	load.Pairs(n, func(k, v *yaml.Node) {
		if k.Value == "schema" && jsonLike {
			set(out, k.Value, p.schema(f, v, ptr+"/schema"))
			return
		}
		set(out, k.Value, clone(v))
	})
	return out
}

// examples copies a map (OpenAPI) or list (AsyncAPI) of examples: example data
// is verbatim, only a whole example written as a $ref is resolved.
func (p *pass) examples(f *load.File, v *yaml.Node, ptr string) *yaml.Node {
	v = deref(v)
	if v.Kind != yaml.MappingNode || p.dialect != openAPI30 {
		return clone(v)
	}
	out := mapping()
	load.Pairs(v, func(k, ex *yaml.Node) {
		exPtr := ptr + "/" + load.EscapeToken(k.Value)
		if ref := load.Child(ex, "$ref"); ref != nil {
			set(out, k.Value, p.specRef(f, ref, exPtr))
			return
		}
		set(out, k.Value, clone(ex))
	})
	return out
}

// specRef converts a $ref inside a spec document: into the root it stays local
// (`../openapi.yaml#/components/responses/NotFound` -> `#/components/responses/NotFound`),
// to a schema file it becomes a component ref, anything else is inlined.
func (p *pass) specRef(f *load.File, refNode *yaml.Node, pointer string) *yaml.Node {
	t, ref, ptr, done := p.refTarget(f, refNode, pointer)
	if done != nil {
		return done
	}
	if t.File.Kind == load.KindSchema {
		return p.inline(f, refNode, ref, ptr, t, func() *yaml.Node { return p.schema(t.File, t.Node, t.Pointer) })
	}
	return p.inline(f, refNode, ref, ptr, t, func() *yaml.Node { return p.spec(t.File, t.Node, t.Pointer) })
}

// rootComponents converts the root's own components/schemas entries, keyed by name.
func (p *pass) rootComponents(components *yaml.Node) map[string]*yaml.Node {
	own := map[string]*yaml.Node{}
	load.Pairs(load.Child(components, "schemas"), func(k, v *yaml.Node) {
		ptr := "/components/schemas/" + load.EscapeToken(k.Value)
		if comp := p.reg.byName[k.Value]; comp != nil {
			p.findings.Errorf("schema-name-collision", p.root.Pos(k), ptr,
				"schema name %q is also used by %s", k.Value, comp.at)
		}
		own[k.Value] = p.schema(p.root, v, ptr)
	})
	return own
}

// withSchemas replaces the schemas of the output's components mapping with all
// (sorted by name), or appends them; the other sections keep their source order.
func withSchemas(components *yaml.Node, all map[string]*yaml.Node) {
	schemas := mapping()
	for _, name := range slices.Sorted(maps.Keys(all)) {
		set(schemas, name, all[name])
	}
	for i := 0; i+1 < len(components.Content); i += 2 {
		if components.Content[i].Value == "schemas" {
			components.Content[i+1] = schemas
			return
		}
	}
	set(components, "schemas", schemas)
}
