package load

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/tools/internal/diag"
)

// Kind says what a file of the contract is.
type Kind int

// The kinds of file.
const (
	KindOther    Kind = iota
	KindSchema        // a JSON Schema file under schemas/
	KindOpenAPI       // an OpenAPI root document (has an `openapi` key)
	KindAsyncAPI      // an AsyncAPI root document (has an `asyncapi` key)
	KindPaths         // a YAML file of path items under spec/paths/
)

// Roots are the folders of a contract that Load reads.
var roots = []string{"schemas", "spec"}

// ErrNotFound is returned (wrapped) when a $ref names a file or pointer that does not exist.
var ErrNotFound = errors.New("not found")

// File is one parsed file of the contract.
type File struct {
	// Path is the slash-separated path relative to the contract root.
	Path string
	Kind Kind
	Raw  []byte
	// Root is the document's top node (a mapping for every valid contract file), nil when it did not parse.
	Root *yaml.Node
}

// Pos returns the source position of a node of this file.
func (f *File) Pos(n *yaml.Node) diag.Pos {
	if n == nil {
		return diag.Pos{File: f.Path}
	}
	return diag.Pos{File: f.Path, Line: n.Line, Col: n.Column}
}

// Lookup returns the node a JSON pointer ("" or "/a/b") names inside the file.
func (f *File) Lookup(pointer string) (*yaml.Node, error) {
	if f.Root == nil {
		return nil, fmt.Errorf("%s did not parse: %w", f.Path, ErrNotFound)
	}
	n := f.Root
	if pointer == "" || pointer == "/" {
		return n, nil
	}
	if !strings.HasPrefix(pointer, "/") {
		return nil, fmt.Errorf("pointer %q must start with /", pointer)
	}
	for _, tok := range strings.Split(pointer[1:], "/") {
		tok = UnescapeToken(tok)
		next := Child(n, tok)
		if next == nil {
			return nil, fmt.Errorf("%s#%s: %w", f.Path, pointer, ErrNotFound)
		}
		n = next
	}
	return n, nil
}

// Contract is a contract directory loaded into memory.
type Contract struct {
	// FS is the file system the contract was read from.
	FS    fs.FS
	files map[string]*File
	order []string
	ids   map[string]string
}

// Dir loads the contract in a directory of the host file system.
func Dir(dir string) (*Contract, diag.List, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, nil, fmt.Errorf("load: %w", err)
	}
	return FS(os.DirFS(dir))
}

// FS loads the contract at the root of fsys. The error is for I/O failures only; problems
// inside files are returned as findings, and every file that parsed is kept.
func FS(fsys fs.FS) (*Contract, diag.List, error) {
	c := &Contract{FS: fsys, files: map[string]*File{}, ids: map[string]string{}}
	var findings diag.List
	for _, root := range roots {
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == root {
					return fs.SkipDir
				}
				return err
			}
			if d.IsDir() || !isContractFile(p) {
				return nil
			}
			raw, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			f := &File{Path: p, Raw: raw}
			f.Root = parse(f, &findings)
			f.Kind = kindOf(f)
			c.files[p] = f
			c.order = append(c.order, p)
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("load: %w", err)
		}
	}
	slices.Sort(c.order)
	for _, p := range c.order {
		f := c.files[p]
		if f.Kind != KindSchema || f.Root == nil {
			continue
		}
		idNode := Child(f.Root, "$id")
		if idNode == nil || idNode.Kind != yaml.ScalarNode {
			continue
		}
		if prev, dup := c.ids[idNode.Value]; dup {
			findings.Errorf("schema-duplicate-id", f.Pos(idNode), "/$id", "$id %q is also used by %s", idNode.Value, prev)
			continue
		}
		c.ids[idNode.Value] = p
	}
	return c, findings, nil
}

func isContractFile(p string) bool {
	switch path.Ext(p) {
	case ".json", ".yaml", ".yml":
		return true
	}
	return false
}

func kindOf(f *File) Kind {
	switch {
	case strings.HasPrefix(f.Path, "schemas/") && path.Ext(f.Path) == ".json":
		return KindSchema
	case f.Root != nil && Child(f.Root, "openapi") != nil:
		return KindOpenAPI
	case f.Root != nil && Child(f.Root, "asyncapi") != nil:
		return KindAsyncAPI
	case strings.HasPrefix(f.Path, "spec/paths/"):
		return KindPaths
	}
	return KindOther
}

// parse reads a file into a yaml.Node tree. JSON files are checked with the strict JSON
// parser first, so that YAML's leniency (single quotes, comments) does not hide a JSON error.
func parse(f *File, findings *diag.List) *yaml.Node {
	if path.Ext(f.Path) == ".json" {
		if offset, msg, ok := checkJSON(f.Raw); !ok {
			line, col := LineCol(f.Raw, offset)
			findings.Errorf("parse-error", diag.Pos{File: f.Path, Line: line, Col: col}, "", "invalid JSON: %s", msg)
			return nil
		}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(f.Raw, &doc); err != nil {
		line := 0
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if _, after, ok := strings.Cut(msg, "line "); ok {
			fmt.Sscanf(after, "%d", &line)
		}
		findings.Errorf("parse-error", diag.Pos{File: f.Path, Line: line}, "", "%s", msg)
		return nil
	}
	if len(doc.Content) == 0 {
		findings.Errorf("parse-error", diag.Pos{File: f.Path}, "", "the file is empty")
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		findings.Errorf("parse-error", f.Pos(root), "", "the document must be an object")
		return nil
	}
	// Checked before anything walks the tree: every later stage follows aliases.
	if n := expandedSize(root, map[*yaml.Node]int{}); n > maxExpandedNodes {
		findings.Errorf("yaml-alias-expansion", f.Pos(root), "",
			"YAML aliases expand this file to more than %d nodes; write the values out or drop the aliases", maxExpandedNodes)
		return nil
	}
	if dups := duplicateKeys(f, root); len(dups) > 0 {
		*findings = append(*findings, dups...)
		return nil
	}
	return root
}

// checkJSON reports the byte offset and text of the first syntax error of a JSON
// document (including trailing data after it); ok is true when the document is valid.
func checkJSON(raw []byte) (offset int, msg string, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	var v any
	err := dec.Decode(&v)
	var se *json.SyntaxError
	switch {
	case err == nil && dec.More():
		off := int(dec.InputOffset())
		for off < len(raw) && strings.ContainsRune(" \t\r\n", rune(raw[off])) {
			off++
		}
		return off, "unexpected data after the top-level value", false
	case err == nil:
		return 0, "", true
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return len(raw), "unexpected end of input", false
	case errors.As(err, &se):
		// Offset counts the bytes read, including the offending one.
		return int(se.Offset) - 1, se.Error(), false
	default:
		return int(dec.InputOffset()), err.Error(), false
	}
}

// maxExpandedNodes bounds the size of a document once its YAML aliases are
// expanded. Aliases can make a small file describe billions of nodes (an "alias
// bomb"); every stage after load follows them, so load refuses such a file.
const maxExpandedNodes = 1_000_000

// expandedSize returns how many nodes n stands for with its aliases expanded,
// stopping early once the count passes maxExpandedNodes. memo keeps each node's
// size, so the count costs one visit per node of the file.
func expandedSize(n *yaml.Node, memo map[*yaml.Node]int) int {
	if n == nil {
		return 0
	}
	if n.Kind == yaml.AliasNode {
		return expandedSize(n.Alias, memo)
	}
	if size, ok := memo[n]; ok {
		return size
	}
	size := 1
	for _, c := range n.Content {
		if size += expandedSize(c, memo); size > maxExpandedNodes {
			break
		}
	}
	memo[n] = size
	return size
}

// duplicateKeys reports every key that appears twice in one mapping. JSON parsers
// silently keep the last one, which loses data, so a contract never has them.
func duplicateKeys(f *File, root *yaml.Node) diag.List {
	var out diag.List
	Walk(root, func(ptr string, n *yaml.Node) bool {
		if n.Kind != yaml.MappingNode {
			return true
		}
		seen := make(map[string]*yaml.Node, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if first, dup := seen[k.Value]; dup {
				out.Errorf("duplicate-key", f.Pos(k), ptr+"/"+EscapeToken(k.Value),
					"key %q is repeated (first at line %d); JSON keeps only the last value", k.Value, first.Line)
				continue
			}
			seen[k.Value] = k
		}
		return true
	})
	return out
}

// LineCol converts a byte offset into a 1-based line and column (columns count runes).
func LineCol(raw []byte, offset int) (line, col int) {
	offset = min(max(offset, 0), len(raw))
	before := raw[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	lastNL := bytes.LastIndexByte(before, '\n')
	col = len([]rune(string(before[lastNL+1:]))) + 1
	return line, col
}

// File returns the file at a contract-relative path, or nil.
func (c *Contract) File(p string) *File { return c.files[p] }

// Files returns every file, sorted by path.
func (c *Contract) Files() []*File {
	out := make([]*File, 0, len(c.order))
	for _, p := range c.order {
		out = append(out, c.files[p])
	}
	return out
}

// Schemas returns the JSON Schema files, sorted by path.
func (c *Contract) Schemas() []*File { return c.ofKind(KindSchema) }

// OpenAPI returns the OpenAPI root document (spec/openapi.yaml first), or nil.
func (c *Contract) OpenAPI() *File { return c.root(KindOpenAPI, "spec/openapi.yaml") }

// AsyncAPI returns the AsyncAPI root document (spec/asyncapi.yaml first), or nil.
func (c *Contract) AsyncAPI() *File { return c.root(KindAsyncAPI, "spec/asyncapi.yaml") }

func (c *Contract) root(k Kind, preferred string) *File {
	if f := c.files[preferred]; f != nil && f.Kind == k {
		return f
	}
	if all := c.ofKind(k); len(all) > 0 {
		return all[0]
	}
	return nil
}

func (c *Contract) ofKind(k Kind) []*File {
	var out []*File
	for _, p := range c.order {
		if f := c.files[p]; f.Kind == k {
			out = append(out, f)
		}
	}
	return out
}

// FileByID returns the schema file whose $id is id, or nil.
func (c *Contract) FileByID(id string) *File {
	if p, ok := c.ids[id]; ok {
		return c.files[p]
	}
	return nil
}

// Target is what a $ref points at.
type Target struct {
	File *File
	Node *yaml.Node
	// Pointer is the JSON pointer of Node inside File ("" for the whole file).
	Pointer string
}

// Resolve resolves a $ref written in file from. A ref is a path relative to from
// (`../user/basic_user.json`), an absolute schema $id, or either followed by a JSON pointer
// fragment (`#/$defs/Name`); a bare fragment points into from itself.
func (c *Contract) Resolve(from *File, ref string) (Target, error) {
	loc, frag, _ := strings.Cut(ref, "#")
	var f *File
	switch {
	case loc == "":
		f = from
	case strings.Contains(loc, "://"):
		f = c.FileByID(loc)
		if f == nil {
			return Target{}, fmt.Errorf("no schema has $id %q: %w", loc, ErrNotFound)
		}
	default:
		base := from.Path
		// A schema file's relative refs resolve against its $id, which mirrors its path.
		p := path.Join(path.Dir(base), loc)
		f = c.files[p]
		if f == nil {
			return Target{}, fmt.Errorf("file %s: %w", p, ErrNotFound)
		}
	}
	if f.Root == nil {
		return Target{}, fmt.Errorf("file %s did not parse: %w", f.Path, ErrNotFound)
	}
	n, err := f.Lookup(frag)
	if err != nil {
		return Target{}, err
	}
	return Target{File: f, Node: n, Pointer: frag}, nil
}
