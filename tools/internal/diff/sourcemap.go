package diff

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/internal/oasutil"
	"github.com/talkamie/contract/tools/internal/diag"
	"github.com/talkamie/contract/tools/internal/load"
)

// sourceMap maps pointers of the head's bundled documents back to the head's source files.
//
// A bundle mirrors its sources: path items are inlined from spec/paths/*.yaml, and every
// schema file and $defs entry becomes components/schemas/<title or $defs key>. So a bundle
// pointer is mapped by starting from the file the bundle copied it from and walking the
// pointer's tokens there, following $refs the bundler inlined and translating the keywords
// it converted (enum <- const, nullable <- type, example <- examples). When a token is
// missing (the node was removed in head), the walk stops at the closest surviving parent.
type sourceMap struct {
	c *load.Contract
	// schemas maps a component name to the schema file and pointer it was made from.
	schemas map[string]sourceLoc
}

// sourceLoc is a node of a source file.
type sourceLoc struct {
	file    *load.File
	pointer string
	node    *yaml.Node
}

func newSourceMap(c *load.Contract) *sourceMap {
	sm := &sourceMap{c: c, schemas: map[string]sourceLoc{}}
	for _, f := range c.Schemas() {
		if f.Root == nil {
			continue
		}
		name := str(f.Root, "title")
		if name == "" {
			name = oasutil.ComponentName(f.Path)
		}
		sm.schemas[name] = sourceLoc{file: f, node: f.Root}
		load.Pairs(child(f.Root, "$defs"), func(k, v *yaml.Node) {
			sm.schemas[k.Value] = sourceLoc{file: f, pointer: join("/$defs", k.Value), node: v}
		})
	}
	return sm
}

// openAPI maps a pointer of the bundled OpenAPI document.
func (sm *sourceMap) openAPI(pointer string) sourceLoc {
	return sm.locate(sm.c.OpenAPI(), pointer)
}

// asyncAPI maps a pointer of the bundled AsyncAPI document.
func (sm *sourceMap) asyncAPI(pointer string) sourceLoc {
	return sm.locate(sm.c.AsyncAPI(), pointer)
}

func (sm *sourceMap) locate(root *load.File, pointer string) sourceLoc {
	toks := tokens(pointer)
	if len(toks) >= 3 && toks[0] == "components" && toks[1] == "schemas" {
		if start, ok := sm.schemas[toks[2]]; ok {
			return sm.walk(start, toks[3:])
		}
	}
	if root == nil || root.Root == nil {
		return sourceLoc{}
	}
	return sm.walk(sourceLoc{file: root, node: root.Root}, toks)
}

// walk follows toks from start through the source files, as far as they go.
func (sm *sourceMap) walk(at sourceLoc, toks []string) sourceLoc {
	for _, tok := range toks {
		next, ok := sm.step(at, tok)
		// A missing token still keeps the $refs followed to look for it: a removed operation
		// is then located at its path item in spec/paths/, not at the root's $ref to it.
		at = next
		if !ok {
			break
		}
	}
	return at
}

// aliases are the source keywords a bundled keyword may come from.
var aliases = map[string][]string{
	"enum":     {"const"},
	"nullable": {"type"},
	"example":  {"examples"},
}

func (sm *sourceMap) step(at sourceLoc, tok string) (sourceLoc, bool) {
	for range 16 {
		if n := child(at.node, tok); n != nil {
			return sourceLoc{file: at.file, pointer: join(at.pointer, tok), node: n}, true
		}
		for _, alt := range aliases[tok] {
			if n := child(at.node, alt); n != nil {
				return sourceLoc{file: at.file, pointer: join(at.pointer, alt), node: n}, true
			}
		}
		// The bundler inlined what a $ref here points at: continue in its target.
		ref := str(at.node, "$ref")
		if ref == "" {
			return at, false
		}
		t, err := sm.c.Resolve(at.file, ref)
		if err != nil {
			return at, false
		}
		at = sourceLoc{file: t.File, pointer: t.Pointer, node: t.Node}
	}
	return at, false
}

// pos returns the position of a located node (its key when it has one, for a friendlier column).
func (l sourceLoc) pos() diag.Pos {
	if l.file == nil {
		return diag.Pos{}
	}
	if l.pointer != "" {
		parentPtr, last := splitLast(l.pointer)
		if parent := lookup(l.file.Root, parentPtr); parent != nil {
			if k := load.KeyNode(parent, last); k != nil {
				return l.file.Pos(k)
			}
		}
	}
	return l.file.Pos(l.node)
}

// schemaFile returns the path of the located file when it is a schema file.
func (l sourceLoc) schemaFile() string {
	if l.file != nil && l.file.Kind == load.KindSchema {
		return l.file.Path
	}
	return ""
}

// splitLast splits a JSON pointer into its parent and its last (unescaped) token.
func splitLast(pointer string) (string, string) {
	i := strings.LastIndexByte(pointer, '/')
	if i < 0 {
		return "", pointer
	}
	return pointer[:i], load.UnescapeToken(pointer[i+1:])
}
