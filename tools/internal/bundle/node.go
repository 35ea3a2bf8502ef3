package bundle

import (
	"strconv"

	"go.yaml.in/yaml/v3"
)

// deref follows YAML aliases to the node they name.
func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// clone deep-copies a node into a fresh tree with aliases expanded, comments
// dropped and styles reset, so that the encoder lays every output out the same
// way whatever the source looked like (JSON flow style, quoting, comments).
func clone(n *yaml.Node) *yaml.Node {
	n = deref(n)
	if n == nil {
		return nullNode()
	}
	out := &yaml.Node{Kind: n.Kind, Tag: n.Tag, Value: n.Value}
	if n.Kind == yaml.ScalarNode {
		return out
	}
	out.Content = make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		out.Content = append(out.Content, clone(c))
	}
	return out
}

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"} }

func sequence(items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: items}
}

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func boolean(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

func nullNode() *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"} }

// set appends key: value to a mapping node.
func set(m *yaml.Node, key string, value *yaml.Node) {
	m.Content = append(m.Content, str(key), value)
}

// refTo returns the mapping {$ref: ref}.
func refTo(ref string) *yaml.Node {
	m := mapping()
	set(m, "$ref", str(ref))
	return m
}

// scalarString returns the value of a string scalar node.
func scalarString(n *yaml.Node) (string, bool) {
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		return "", false
	}
	return n.Value, true
}

// isNumber reports whether n is an integer or float scalar.
func isNumber(n *yaml.Node) bool {
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return false
	}
	t := n.ShortTag()
	return t == "!!int" || t == "!!float"
}

// isBool reports whether n is a boolean scalar.
func isBool(n *yaml.Node) bool {
	n = deref(n)
	return n != nil && n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool"
}
