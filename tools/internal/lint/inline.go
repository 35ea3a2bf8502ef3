package lint

import (
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/tools/internal/load"
)

// checkInlineObjects warns about object shapes that have no name: an object schema with
// properties reached from its nearest named schema (a schema file, a $defs entry, an
// OpenAPI component, or an operation's request or response schema) through a property,
// items or additionalProperties. oapi-codegen turns each into an anonymous Go struct, so
// docs/contract-style.md §2 asks for a $defs entry referenced with $ref. Members of
// allOf, oneOf and anyOf directly under a named schema are left alone: the generator
// merges allOf members into the named type and names union members after it.
//
// The rule applies to contracts whose OpenAPI root declares `x-named-shapes: true`.
func (l *linter) checkInlineObjects() {
	root := l.c.OpenAPI()
	if root == nil || root.Root == nil {
		return
	}
	if on := load.Child(root.Root, "x-named-shapes"); on == nil || on.Value != "true" {
		return
	}
	for _, s := range l.sites {
		inlineObjects(s.node, s.ptr, false, func(ptr string, n *yaml.Node) {
			l.out.Warnf("schema-inline-object", s.f.Pos(n), ptr,
				"an object with properties has no name; move it to a $defs entry and $ref it (generated Go would get an anonymous struct)")
		})
	}
}

// inlineObjects visits the schema n at ptr and reports, through report, each unnamed
// object schema with properties. field is true once the walk has left the nearest named
// schema through a property, items or additionalProperties.
func inlineObjects(n *yaml.Node, ptr string, field bool, report func(ptr string, n *yaml.Node)) {
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	if field && load.Child(n, "$ref") == nil {
		if p := load.Child(n, "properties"); p != nil && p.Kind == yaml.MappingNode && len(p.Content) > 0 {
			report(ptr, n)
		}
	}
	for _, kw := range []string{"items", "additionalProperties"} {
		if c := load.Child(n, kw); c != nil {
			inlineObjects(c, ptr+"/"+kw, true, report)
		}
	}
	for _, kw := range []string{"not", "allOf", "anyOf", "oneOf"} {
		c := load.Child(n, kw)
		switch {
		case c == nil:
		case c.Kind == yaml.SequenceNode:
			for i, item := range c.Content {
				inlineObjects(item, ptr+"/"+kw+"/"+strconv.Itoa(i), field, report)
			}
		default:
			inlineObjects(c, ptr+"/"+kw, field, report)
		}
	}
	load.Pairs(load.Child(n, "properties"), func(k, v *yaml.Node) {
		inlineObjects(v, ptr+"/properties/"+load.EscapeToken(k.Value), true, report)
	})
	load.Pairs(load.Child(n, "$defs"), func(k, v *yaml.Node) {
		inlineObjects(v, ptr+"/$defs/"+load.EscapeToken(k.Value), false, report)
	})
}
