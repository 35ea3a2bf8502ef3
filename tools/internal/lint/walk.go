package lint

import (
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/tools/internal/load"
)

// Where JSON Schema 2020-12 (and the OpenAPI 3.0 additions) keep subschemas.
func singleSubschemaKeywords() []string {
	return []string{"items", "additionalProperties", "not", "contains", "if", "then", "else",
		"propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema", "additionalItems"}
}

func arraySubschemaKeywords() []string { return []string{"allOf", "anyOf", "oneOf", "prefixItems"} }

func mapSubschemaKeywords() []string {
	return []string{"properties", "$defs", "definitions", "patternProperties", "dependentSchemas"}
}

// walkSchema visits a schema and every subschema below it (through schema keywords only,
// never into examples, enums or defaults) with its JSON pointer. Boolean schemas are skipped.
func walkSchema(n *yaml.Node, ptr string, fn func(ptr string, n *yaml.Node)) {
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	fn(ptr, n)
	for _, kw := range singleSubschemaKeywords() {
		if c := load.Child(n, kw); c != nil {
			if c.Kind == yaml.SequenceNode { // draft-04 style tuple items
				for i, item := range c.Content {
					walkSchema(item, ptr+"/"+kw+"/"+strconv.Itoa(i), fn)
				}
				continue
			}
			walkSchema(c, ptr+"/"+kw, fn)
		}
	}
	for _, kw := range arraySubschemaKeywords() {
		if c := load.Child(n, kw); c != nil && c.Kind == yaml.SequenceNode {
			for i, item := range c.Content {
				walkSchema(item, ptr+"/"+kw+"/"+strconv.Itoa(i), fn)
			}
		}
	}
	for _, kw := range mapSubschemaKeywords() {
		load.Pairs(load.Child(n, kw), func(k, v *yaml.Node) {
			walkSchema(v, ptr+"/"+load.EscapeToken(kw)+"/"+load.EscapeToken(k.Value), fn)
		})
	}
}
