package diff

import (
	"encoding/json"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/tools/internal/load"
)

// prunedKeys are the keys that cannot change what a client may send or receive.
// oasdiff reads the bundle without them: examples and descriptions are most of its
// bytes, and parsing them is most of oasdiff's time.
var prunedKeys = map[string]bool{"description": true, "example": true, "examples": true}

// prune removes prunedKeys from a document in place. Keys of a mapping named by its
// parent `properties` or `schemas` are names chosen by the author (a property may be
// called `description`), so they are kept.
func prune(n *yaml.Node, names bool) {
	switch n.Kind {
	case yaml.MappingNode:
		out := n.Content[:0]
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if !names && prunedKeys[k.Value] {
				continue
			}
			prune(v, !names && (k.Value == "properties" || k.Value == "schemas"))
			out = append(out, k, v)
		}
		n.Content = out
	case yaml.SequenceNode:
		for _, c := range n.Content {
			prune(c, false)
		}
	}
}

// toJSON encodes a YAML node as JSON.
func toJSON(n *yaml.Node) ([]byte, error) {
	v, err := load.Value(n)
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

// child returns the value of key in a mapping (or index in a sequence), or nil.
func child(n *yaml.Node, key string) *yaml.Node { return load.Child(n, key) }

// str returns a scalar child's value, or "".
func str(n *yaml.Node, key string) string {
	if c := child(n, key); c != nil && c.Kind == yaml.ScalarNode {
		return c.Value
	}
	return ""
}

// strings returns the scalar items of a sequence child.
func stringList(n *yaml.Node, key string) []string {
	c := child(n, key)
	if c == nil || c.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]string, 0, len(c.Content))
	for _, item := range c.Content {
		if item.Kind == yaml.ScalarNode {
			out = append(out, item.Value)
		}
	}
	return out
}

// lookup returns the node at a JSON pointer below n, or nil.
func lookup(n *yaml.Node, pointer string) *yaml.Node {
	if pointer == "" {
		return n
	}
	for _, tok := range tokens(pointer) {
		if n = child(n, tok); n == nil {
			return nil
		}
	}
	return n
}

// tokens splits a JSON pointer into its unescaped tokens.
func tokens(pointer string) []string {
	if pointer == "" || pointer == "/" {
		return nil
	}
	parts := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	for i, p := range parts {
		parts[i] = load.UnescapeToken(p)
	}
	return parts
}

// join appends tokens to a JSON pointer.
func join(pointer string, toks ...string) string {
	var sb strings.Builder
	sb.WriteString(pointer)
	for _, t := range toks {
		sb.WriteByte('/')
		sb.WriteString(load.EscapeToken(t))
	}
	return sb.String()
}

// localRef returns the pointer of a local reference (`#/components/schemas/X` -> `/components/schemas/X`).
func localRef(n *yaml.Node) (string, bool) {
	ref := str(n, "$ref")
	if !strings.HasPrefix(ref, "#") {
		return "", false
	}
	return ref[1:], true
}

// deref follows local references in a bundled document, returning the node and its pointer.
// A chain of references longer than the document cannot be is a cycle; it stops there.
func deref(doc, n *yaml.Node, pointer string) (*yaml.Node, string) {
	for range 64 {
		ptr, ok := localRef(n)
		if !ok {
			return n, pointer
		}
		target := lookup(doc, ptr)
		if target == nil {
			return n, pointer
		}
		n, pointer = target, ptr
	}
	return n, pointer
}
