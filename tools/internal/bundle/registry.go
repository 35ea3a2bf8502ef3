package bundle

import (
	"regexp"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/internal/oasutil"
	"github.com/talkamie/contract/tools/internal/diag"
	"github.com/talkamie/contract/tools/internal/load"
)

// componentName is what OpenAPI 3.0 allows as a key of components/schemas.
var componentName = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)

// component is a schema that becomes an entry of components/schemas.
type component struct {
	name string
	file *load.File
	// node is the schema (a file's root or one of its $defs entries).
	node *yaml.Node
	// pointer is node's JSON pointer inside file ("" for the root).
	pointer string
	// at is where the name comes from (the title, the $defs key), for findings.
	at diag.Pos
}

// registry names every schema of the contract: each schema file by its title
// and each $defs entry by its key.
type registry struct {
	byName map[string]*component
	// byTarget maps "file#pointer" to the component.
	byTarget map[string]*component
	names    []string // sorted
}

func targetKey(file, pointer string) string {
	if pointer == "/" {
		pointer = ""
	}
	return file + "#" + pointer
}

// newRegistry names the schema files of c and their $defs, reporting name
// collisions and names OpenAPI cannot use.
func newRegistry(c *load.Contract, findings *diag.List) *registry {
	r := &registry{byName: map[string]*component{}, byTarget: map[string]*component{}}
	for _, f := range c.Schemas() {
		if f.Root == nil {
			continue
		}
		name, at := fileName(f)
		r.add(&component{name: name, file: f, node: f.Root, at: at}, findings)
		r.addDefs(f, f.Root, "", findings)
	}
	r.names = make([]string, 0, len(r.byName))
	for n := range r.byName {
		r.names = append(r.names, n)
	}
	slices.Sort(r.names)
	return r
}

// addDefs registers the $defs entries of schema n (and theirs, recursively).
func (r *registry) addDefs(f *load.File, n *yaml.Node, pointer string, findings *diag.List) {
	defs := deref(load.Child(n, "$defs"))
	if defs == nil {
		return
	}
	if defs.Kind != yaml.MappingNode {
		findings.Errorf("schema-unconvertible", f.Pos(defs), pointer+"/$defs", "$defs must be an object")
		return
	}
	load.Pairs(defs, func(k, v *yaml.Node) {
		p := pointer + "/$defs/" + load.EscapeToken(k.Value)
		r.add(&component{name: k.Value, file: f, node: v, pointer: p, at: f.Pos(k)}, findings)
		r.addDefs(f, v, p, findings)
	})
}

func (r *registry) add(c *component, findings *diag.List) {
	if !componentName.MatchString(c.name) {
		findings.Errorf("schema-invalid-name", c.at, c.pointer,
			"schema name %q is not a valid component name (letters, digits, '.', '-', '_')", c.name)
		return
	}
	if prev, dup := r.byName[c.name]; dup {
		findings.Errorf("schema-name-collision", c.at, c.pointer,
			"schema name %q is also used by %s; titles and $defs keys must be unique across the contract", c.name, prev.at)
		return
	}
	r.byName[c.name] = c
	r.byTarget[targetKey(c.file.Path, c.pointer)] = c
}

// lookup returns the component a resolved $ref target names, or nil.
func (r *registry) lookup(t load.Target) *component {
	return r.byTarget[targetKey(t.File.Path, t.Pointer)]
}

// fileName returns the component name of a schema file: its title, or the
// PascalCase of its file name when it has none.
func fileName(f *load.File) (string, diag.Pos) {
	if t := load.Child(f.Root, "title"); t != nil {
		if s, ok := scalarString(t); ok && s != "" {
			return s, f.Pos(t)
		}
	}
	return oasutil.ComponentName(f.Path), f.Pos(f.Root)
}
