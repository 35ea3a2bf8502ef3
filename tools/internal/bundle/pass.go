package bundle

import (
	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/tools/internal/diag"
	"github.com/talkamie/contract/tools/internal/load"
)

// schemasPrefix is where every schema component lives, in both documents.
const schemasPrefix = "#/components/schemas/"

// pass builds one output document from one root file.
type pass struct {
	c        *load.Contract
	reg      *registry
	root     *load.File
	dialect  dialect
	findings *diag.List
	// used collects the names of the components the document references.
	used map[string]bool
	// inlining holds the "file#pointer" targets being inlined, to stop cycles.
	inlining map[string]bool
}

func newPass(c *load.Contract, reg *registry, root *load.File, d dialect, findings *diag.List) *pass {
	return &pass{c: c, reg: reg, root: root, dialect: d, findings: findings, used: map[string]bool{}, inlining: map[string]bool{}}
}

// resolve resolves a $ref string written in f, reporting a finding at refNode when it fails.
func (p *pass) resolve(f *load.File, refNode *yaml.Node, ref, pointer string) (load.Target, bool) {
	t, err := p.c.Resolve(f, ref)
	if err != nil {
		p.findings.Errorf("unresolved-ref", f.Pos(refNode), pointer, "$ref %q does not resolve: %v", ref, err)
		return load.Target{}, false
	}
	return t, true
}

// refTarget resolves the $ref at pointer in f and answers the cases every $ref
// shares: a malformed or unresolved ref, a ref to a component (a schema file or
// one of its $defs), and a ref into the document's root, which stays local. done
// is that answer; when it is nil the caller inlines t.
func (p *pass) refTarget(f *load.File, refNode *yaml.Node, pointer string) (t load.Target, ref, ptr string, done *yaml.Node) {
	ptr = pointer + "/$ref"
	ref, ok := scalarString(refNode)
	if !ok {
		p.findings.Errorf("unresolved-ref", f.Pos(refNode), ptr, "$ref must be a string")
		return t, ref, ptr, mapping()
	}
	t, ok = p.resolve(f, refNode, ref, ptr)
	if !ok {
		return t, ref, ptr, refTo(ref)
	}
	if comp := p.reg.lookup(t); comp != nil {
		p.used[comp.name] = true
		return t, ref, ptr, refTo(schemasPrefix + comp.name)
	}
	if t.File == p.root {
		return t, ref, ptr, refTo("#" + t.Pointer)
	}
	return t, ref, ptr, nil
}

// schemaRef converts a schema that is a $ref: a ref to a schema file or one of
// its $defs becomes a component ref, a ref into the document's root stays local,
// and a ref to anything else is inlined. Siblings of $ref are dropped.
func (p *pass) schemaRef(f *load.File, refNode *yaml.Node, pointer string) *yaml.Node {
	t, ref, ptr, done := p.refTarget(f, refNode, pointer)
	if done != nil {
		return done
	}
	return p.inline(f, refNode, ref, ptr, t, func() *yaml.Node { return p.schema(t.File, t.Node, t.Pointer) })
}

// componentRef resolves a ref that must name a schema component (a discriminator
// mapping value, x-error-envelope.schema) and returns the component ref.
func (p *pass) componentRef(f *load.File, refNode *yaml.Node, ref, pointer string) string {
	t, ok := p.resolve(f, refNode, ref, pointer)
	if !ok {
		return ref
	}
	if comp := p.reg.lookup(t); comp != nil {
		p.used[comp.name] = true
		return schemasPrefix + comp.name
	}
	if t.File == p.root {
		return "#" + t.Pointer
	}
	p.findings.Errorf("unresolved-ref", f.Pos(refNode), pointer,
		"$ref %q must name a schema file or one of its $defs", ref)
	return ref
}

// inline returns convert()'s copy of a ref's target, unless the target is
// already being inlined (a cycle that only a component could express).
func (p *pass) inline(f *load.File, refNode *yaml.Node, ref, pointer string, t load.Target, convert func() *yaml.Node) *yaml.Node {
	key := targetKey(t.File.Path, t.Pointer)
	if p.inlining[key] {
		p.findings.Errorf("ref-cycle", f.Pos(refNode), pointer,
			"$ref %q leads back to itself; only schema files and $defs entries may be recursive", ref)
		return refTo(ref)
	}
	p.inlining[key] = true
	defer delete(p.inlining, key)
	return convert()
}
