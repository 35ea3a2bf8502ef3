package lint

import (
	"fmt"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/tools/internal/load"
)

// maxLeavesPerExample caps the findings one example produces; the last one says how many
// more there are.
const maxLeavesPerExample = 10

// example is one documented example and the schema it must satisfy.
type example struct {
	// schemaFile and schemaPtr locate the schema.
	schemaFile *load.File
	schemaPtr  string
	// file, ptr and node locate the example's value (perhaps behind a $ref).
	file *load.File
	ptr  string
	node *yaml.Node
	name string
}

// checkExamples validates every example against its schema: schema examples (at any
// depth), OpenAPI parameter, request and response examples, AsyncAPI message examples.
func (l *linter) checkExamples() {
	var all []example
	for _, s := range l.sites {
		walkSchema(s.node, s.ptr, func(ptr string, n *yaml.Node) {
			if ex := load.Child(n, "examples"); ex != nil && ex.Kind == yaml.SequenceNode {
				for i, item := range ex.Content {
					name := fmt.Sprintf("examples[%d]", i)
					if ptr != s.ptr {
						name += " of " + ptr
					}
					all = append(all, example{s.f, ptr, s.f, ptr + "/examples/" + strconv.Itoa(i), item, name})
				}
			}
			if ex := load.Child(n, "example"); ex != nil && s.inline {
				all = append(all, example{s.f, ptr, s.f, ptr + "/example", ex, "example"})
			}
		})
	}
	l.walkSpec(func(f *load.File, role, ptr string, _, n *yaml.Node) {
		switch role {
		case roleParameter, roleRequestMedia, roleResponseMedia, roleParamMedia:
			if load.Child(n, "schema") == nil {
				return
			}
			all = append(all, l.namedExamples(f, ptr, n, ptr+"/schema")...)
		case roleMessage:
			all = append(all, messageExamples(f, ptr, n)...)
		}
	})
	for _, ex := range all {
		l.checkExample(ex)
	}
}

// namedExamples returns the example and examples of a Parameter or Media Type Object;
// Example Objects behind a $ref are followed to their value.
func (l *linter) namedExamples(f *load.File, ptr string, n *yaml.Node, schemaPtr string) []example {
	var out []example
	if ex := load.Child(n, "example"); ex != nil {
		out = append(out, example{f, schemaPtr, f, ptr + "/example", ex, "example"})
	}
	load.Pairs(load.Child(n, "examples"), func(k, v *yaml.Node) {
		ef, eptr, en := f, ptr+"/examples/"+load.EscapeToken(k.Value), v
		if r := load.Child(v, "$ref"); r != nil {
			t, err := l.c.Resolve(f, r.Value)
			if err != nil {
				return // reported by ref-unresolved
			}
			ef, eptr, en = t.File, t.Pointer, t.Node
		}
		val := load.Child(en, "value")
		if val == nil {
			return // externalValue, or an empty Example Object
		}
		out = append(out, example{f, schemaPtr, ef, eptr + "/value", val, "example " + strconv.Quote(k.Value)})
	})
	return out
}

// messageExamples returns an AsyncAPI message's examples: each payload against the payload
// schema and each headers value against the headers schema.
func messageExamples(f *load.File, ptr string, msg *yaml.Node) []example {
	var out []example
	exs := load.Child(msg, "examples")
	if exs == nil || exs.Kind != yaml.SequenceNode {
		return nil
	}
	for i, ex := range exs.Content {
		name := strconv.Itoa(i)
		if nm := load.Child(ex, "name"); nm != nil {
			name = strconv.Quote(nm.Value)
		}
		for _, part := range []string{"payload", "headers"} {
			v := load.Child(ex, part)
			sptr, sn := messageSchema(ptr, msg, part)
			if v == nil || sn == nil {
				continue
			}
			out = append(out, example{f, sptr, f, fmt.Sprintf("%s/examples/%d/%s", ptr, i, part), v, "message example " + name + " " + part})
		}
	}
	return out
}

// checkExample validates one example and reports each failing value at its own position.
func (l *linter) checkExample(ex example) {
	s, err := l.js.schema(ex.schemaFile, ex.schemaPtr)
	if err != nil {
		l.reportUncompilable(ex.schemaFile, ex.schemaPtr, err)
		return
	}
	v, err := load.Value(ex.node)
	if err != nil {
		l.out.Errorf("example-invalid", ex.file.Pos(ex.node), ex.ptr, "%s cannot be read: %v", ex.name, err)
		return
	}
	ve, err := validate(s, v)
	if err != nil {
		l.out.Errorf("example-invalid", ex.file.Pos(ex.node), ex.ptr, "%s cannot be validated: %v", ex.name, err)
		return
	}
	if ve == nil {
		return
	}
	ls := l.js.leaves(ve)
	sortLeaves(ls)
	for i, lf := range ls {
		if i == maxLeavesPerExample {
			l.out.Errorf("example-invalid", ex.file.Pos(ex.node), ex.ptr, "%s: %d more problems", ex.name, len(ls)-i)
			break
		}
		n, ptr := nodeAt(ex.node, ex.ptr, lf.loc)
		where := pointer(lf.loc)
		if where == "" {
			where = "/"
		}
		l.out.Errorf("example-invalid", ex.file.Pos(n), ptr, "%s at %s: %s (keyword %s)", ex.name, where, lf.msg, lf.keyword)
	}
}

// reportUncompilable reports a schema that jsonschema/v6 cannot compile, once per cause,
// unless a broken $ref or an invalid schema already explains it.
func (l *linter) reportUncompilable(f *load.File, ptr string, err error) {
	if coveredElsewhere(err) && (l.hasCode("ref-unresolved") || l.hasCode("schema-invalid")) {
		return
	}
	msg := err.Error()
	if l.uncompilable == nil {
		l.uncompilable = map[string]bool{}
	}
	if l.uncompilable[msg] {
		return
	}
	l.uncompilable[msg] = true
	n, _ := f.Lookup(ptr)
	l.out.Errorf("schema-uncompilable", f.Pos(n), ptr, "the schema cannot be compiled, so its examples are not checked: %s", msg)
}

func (l *linter) hasCode(code string) bool {
	for _, f := range l.out {
		if f.Code == code {
			return true
		}
	}
	return false
}
