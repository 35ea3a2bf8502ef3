package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/tools/internal/diag"
	"github.com/talkamie/contract/tools/internal/load"
)

// Result is a bundled contract.
type Result struct {
	// OpenAPI is the self-contained OpenAPI 3.0.3 document (YAML).
	OpenAPI []byte
	// AsyncAPI is the self-contained AsyncAPI 3.0 document (YAML), nil when the
	// contract has no AsyncAPI root.
	AsyncAPI []byte
	// Hash identifies the source files the bundle was made from: the first 16 hex
	// digits of a sha256 over every file's path and bytes, in path order.
	Hash string
}

// Bundle bundles a loaded contract. Problems are returned as a diag.List error (use errors.As).
func Bundle(c *load.Contract) (*Result, error) {
	var findings diag.List
	root := c.OpenAPI()
	if root == nil || root.Root == nil {
		findings.Errorf("missing-root", diag.Pos{File: "spec/openapi.yaml"}, "", "the contract has no OpenAPI root document (a file with an `openapi` key)")
		return nil, findings
	}
	reg := newRegistry(c, &findings)
	res := &Result{Hash: Hash(c)}
	openapi := openAPIDocument(c, reg, root, &findings)
	var asyncapi *yaml.Node
	if a := c.AsyncAPI(); a != nil && a.Root != nil {
		asyncapi = asyncAPIDocument(c, reg, a, &findings)
	}
	if findings = dedupe(findings); findings.HasErrors() {
		findings.Sort()
		return nil, findings
	}
	var err error
	if res.OpenAPI, err = encode(res.Hash, openapi); err != nil {
		return nil, err
	}
	if asyncapi != nil {
		if res.AsyncAPI, err = encode(res.Hash, asyncapi); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// Hash returns the first 16 hex digits of a sha256 over the contract's source
// files: each file's path, length and bytes, in path order.
func Hash(c *load.Contract) string {
	h := sha256.New()
	for _, f := range c.Files() {
		fmt.Fprintf(h, "%s\x00%d\x00", f.Path, len(f.Raw))
		h.Write(f.Raw)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// openAPIDocument builds the OpenAPI document from its root, with every schema
// of the contract, referenced or not.
func openAPIDocument(c *load.Contract, reg *registry, root *load.File, findings *diag.List) *yaml.Node {
	p := newPass(c, reg, root, openAPI30, findings)
	for _, name := range reg.names {
		p.used[name] = true
	}
	return p.document(func(key string, v *yaml.Node, ptr string) *yaml.Node {
		switch key {
		case "openapi":
			return str("3.0.3")
		case "x-error-envelope":
			return p.errorEnvelope(v, ptr)
		}
		return p.specValue(root, key, v, ptr)
	})
}

// asyncAPIDocument builds the AsyncAPI document from its root, with the schemas
// it references (transitively).
func asyncAPIDocument(c *load.Contract, reg *registry, root *load.File, findings *diag.List) *yaml.Node {
	p := newPass(c, reg, root, asyncAPISchema, findings)
	return p.document(func(key string, v *yaml.Node, ptr string) *yaml.Node {
		return p.specValue(root, key, v, ptr)
	})
}

// document copies the pass's root with value converting each top-level entry but
// components, whose schemas become the root's own plus every registry component
// the document uses (transitively: converting one may use more).
func (p *pass) document(value func(key string, v *yaml.Node, ptr string) *yaml.Node) *yaml.Node {
	out := mapping()
	var components, srcComponents *yaml.Node
	load.Pairs(p.root.Root, func(k, v *yaml.Node) {
		key, ptr := k.Value, "/"+load.EscapeToken(k.Value)
		if key == "components" {
			srcComponents = v
			components = p.components(v)
			set(out, key, components)
			return
		}
		set(out, key, value(key, v, ptr))
	})
	all := p.rootComponents(srcComponents)
	for {
		var todo []string
		for name := range p.used {
			if _, done := all[name]; !done && p.reg.byName[name] != nil {
				todo = append(todo, name)
			}
		}
		if len(todo) == 0 {
			break
		}
		slices.Sort(todo)
		for _, name := range todo {
			comp := p.reg.byName[name]
			all[name] = p.schema(comp.file, comp.node, comp.pointer)
		}
	}
	if len(all) == 0 {
		return out
	}
	if components == nil {
		components = mapping()
		set(out, "components", components)
	}
	withSchemas(components, all)
	return out
}

// components converts a root's components object, leaving schemas to withSchemas.
func (p *pass) components(v *yaml.Node) *yaml.Node {
	out := mapping()
	load.Pairs(v, func(k, section *yaml.Node) {
		if k.Value == "schemas" {
			set(out, k.Value, mapping())
			return
		}
		set(out, k.Value, p.specValue(p.root, k.Value, section, "/components/"+load.EscapeToken(k.Value)))
	})
	return out
}

// errorEnvelope copies the root's x-error-envelope with its schema written as
// the component ref of the error body schema.
func (p *pass) errorEnvelope(v *yaml.Node, ptr string) *yaml.Node {
	v = deref(v)
	if v.Kind != yaml.MappingNode {
		return clone(v)
	}
	out := mapping()
	load.Pairs(v, func(k, val *yaml.Node) {
		if ref, ok := scalarString(val); ok && k.Value == "schema" {
			set(out, k.Value, str(p.componentRef(p.root, val, ref, ptr+"/schema")))
			return
		}
		set(out, k.Value, clone(val))
	})
	return out
}

// encode writes a document as YAML with a two-space indent after the generated-code header.
func encode(hash string, doc *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# Code generated by contract bundle from %s. DO NOT EDIT.\n", hash)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("bundle: encode: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("bundle: encode: %w", err)
	}
	return buf.Bytes(), nil
}

// dedupe drops repeated findings (a schema file is converted by both passes).
func dedupe(l diag.List) diag.List {
	seen := make(map[string]bool, len(l))
	out := l[:0]
	for _, f := range l {
		k := f.String() + "\x00" + f.Pointer
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
}
