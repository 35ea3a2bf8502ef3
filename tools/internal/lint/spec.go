package lint

import (
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/tools/internal/load"
)

// Roles of the objects the spec traversals visit.
const (
	roleSchema        = "schema"         // a Schema Object
	roleOperation     = "operation"      // an OpenAPI Operation Object
	roleParameter     = "parameter"      // a Parameter or Header Object (schema, example, examples)
	roleRequestMedia  = "request-media"  // a Media Type Object of a request body
	roleResponseMedia = "response-media" // a Media Type Object of a response
	roleParamMedia    = "parameter-media"
	roleMessage       = "message" // an AsyncAPI Message Object
)

// visitFunc receives each object of a spec document: its role, JSON pointer, the key it
// is written under (for positions) and its node.
type visitFunc func(role, ptr string, key, n *yaml.Node)

// httpMethods are the operation keys of a Path Item Object.
func httpMethods() []string {
	return []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}
}

// walkOpenAPI visits the objects of an OpenAPI root document or a paths file that are
// written in it (objects behind a $ref are visited in the file that holds them).
func walkOpenAPI(f *load.File, visit visitFunc) {
	if f.Root == nil {
		return
	}
	if f.Kind == load.KindPaths {
		load.Pairs(f.Root, func(k, v *yaml.Node) {
			pathItem("/"+load.EscapeToken(k.Value), v, visit)
		})
		return
	}
	load.Pairs(load.Child(f.Root, "paths"), func(k, v *yaml.Node) {
		pathItem("/paths/"+load.EscapeToken(k.Value), v, visit)
	})
	comps := load.Child(f.Root, "components")
	each := func(section string, fn func(ptr string, key, n *yaml.Node)) {
		load.Pairs(load.Child(comps, section), func(k, v *yaml.Node) {
			fn("/components/"+section+"/"+load.EscapeToken(k.Value), k, v)
		})
	}
	each("schemas", func(ptr string, k, v *yaml.Node) { visitSchema(ptr, k, v, visit) })
	each("parameters", func(ptr string, k, v *yaml.Node) { parameter(ptr, k, v, visit) })
	each("headers", func(ptr string, k, v *yaml.Node) { parameter(ptr, k, v, visit) })
	each("requestBodies", func(ptr string, _, v *yaml.Node) { requestBody(ptr, v, visit) })
	each("responses", func(ptr string, _, v *yaml.Node) { response(ptr, v, visit) })
}

func isRef(n *yaml.Node) bool { return load.Child(n, "$ref") != nil }

func visitSchema(ptr string, key, n *yaml.Node, visit visitFunc) {
	if n != nil && n.Kind == yaml.MappingNode {
		visit(roleSchema, ptr, key, n)
	}
}

func pathItem(ptr string, n *yaml.Node, visit visitFunc) {
	if n == nil || isRef(n) {
		return
	}
	parameters(ptr+"/parameters", load.Child(n, "parameters"), visit)
	for _, m := range httpMethods() {
		op := load.Child(n, m)
		if op == nil || op.Kind != yaml.MappingNode {
			continue
		}
		optr := ptr + "/" + m
		visit(roleOperation, optr, load.KeyNode(n, m), op)
		parameters(optr+"/parameters", load.Child(op, "parameters"), visit)
		if rb := load.Child(op, "requestBody"); rb != nil {
			requestBody(optr+"/requestBody", rb, visit)
		}
		load.Pairs(load.Child(op, "responses"), func(k, v *yaml.Node) {
			response(optr+"/responses/"+load.EscapeToken(k.Value), v, visit)
		})
	}
}

func parameters(ptr string, n *yaml.Node, visit visitFunc) {
	if n == nil || n.Kind != yaml.SequenceNode {
		return
	}
	for i, p := range n.Content {
		parameter(ptr+"/"+strconv.Itoa(i), p, p, visit)
	}
}

func parameter(ptr string, key, n *yaml.Node, visit visitFunc) {
	if n == nil || isRef(n) {
		return
	}
	visit(roleParameter, ptr, key, n)
	visitSchema(ptr+"/schema", load.KeyNode(n, "schema"), load.Child(n, "schema"), visit)
	content(ptr, n, roleParamMedia, visit)
}

func requestBody(ptr string, n *yaml.Node, visit visitFunc) {
	if isRef(n) {
		return
	}
	content(ptr, n, roleRequestMedia, visit)
}

func response(ptr string, n *yaml.Node, visit visitFunc) {
	if n == nil || isRef(n) {
		return
	}
	load.Pairs(load.Child(n, "headers"), func(k, v *yaml.Node) {
		parameter(ptr+"/headers/"+load.EscapeToken(k.Value), k, v, visit)
	})
	content(ptr, n, roleResponseMedia, visit)
}

func content(ptr string, n *yaml.Node, role string, visit visitFunc) {
	c := load.Child(n, "content")
	load.Pairs(c, func(k, v *yaml.Node) {
		mptr := ptr + "/content/" + load.EscapeToken(k.Value)
		visit(role, mptr, k, v)
		visitSchema(mptr+"/schema", load.KeyNode(v, "schema"), load.Child(v, "schema"), visit)
	})
}

// walkAsyncAPI visits the schemas and messages written in an AsyncAPI 3.0 document.
func walkAsyncAPI(f *load.File, visit visitFunc) {
	if f.Root == nil {
		return
	}
	comps := load.Child(f.Root, "components")
	load.Pairs(load.Child(comps, "schemas"), func(k, v *yaml.Node) {
		visitSchema("/components/schemas/"+load.EscapeToken(k.Value), k, v, visit)
	})
	load.Pairs(load.Child(comps, "messages"), func(k, v *yaml.Node) {
		asyncMessage("/components/messages/"+load.EscapeToken(k.Value), k, v, visit)
	})
	load.Pairs(load.Child(f.Root, "channels"), func(ck, cv *yaml.Node) {
		load.Pairs(load.Child(cv, "messages"), func(k, v *yaml.Node) {
			asyncMessage("/channels/"+load.EscapeToken(ck.Value)+"/messages/"+load.EscapeToken(k.Value), k, v, visit)
		})
	})
}

func asyncMessage(ptr string, key, n *yaml.Node, visit visitFunc) {
	if n == nil || isRef(n) {
		return
	}
	visit(roleMessage, ptr, key, n)
	for _, part := range []string{"payload", "headers"} {
		if sptr, sn := messageSchema(ptr, n, part); sn != nil {
			visitSchema(sptr, sn, sn, visit)
		}
	}
}

// messageSchema returns the schema of a message's payload or headers, unwrapping an
// AsyncAPI Multi Format Schema Object ({schemaFormat, schema}).
func messageSchema(ptr string, msg *yaml.Node, part string) (string, *yaml.Node) {
	n := load.Child(msg, part)
	if n == nil {
		return "", nil
	}
	if load.Child(n, "schemaFormat") != nil && load.Child(n, "schema") != nil {
		return ptr + "/" + part + "/schema", load.Child(n, "schema")
	}
	return ptr + "/" + part, n
}

// openAPISites returns the inline schemas of an OpenAPI document or paths file.
func openAPISites(f *load.File) []site {
	var out []site
	walkOpenAPI(f, func(role, ptr string, _, n *yaml.Node) {
		if role == roleSchema {
			out = append(out, site{f: f, ptr: ptr, node: n, inline: true})
		}
	})
	return out
}

// asyncAPISites returns the inline schemas of an AsyncAPI document.
func asyncAPISites(f *load.File) []site {
	var out []site
	walkAsyncAPI(f, func(role, ptr string, _, n *yaml.Node) {
		if role == roleSchema {
			out = append(out, site{f: f, ptr: ptr, node: n, inline: true})
		}
	})
	return out
}

// specFiles returns the OpenAPI documents, paths files and AsyncAPI documents of the contract.
func (l *linter) specFiles() []*load.File {
	var out []*load.File
	for _, f := range l.c.Files() {
		switch f.Kind {
		case load.KindOpenAPI, load.KindPaths, load.KindAsyncAPI:
			if f.Root != nil {
				out = append(out, f)
			}
		}
	}
	return out
}

// walkSpec visits every object of every spec file.
func (l *linter) walkSpec(visit func(f *load.File, role, ptr string, key, n *yaml.Node)) {
	for _, f := range l.specFiles() {
		fn := func(role, ptr string, key, n *yaml.Node) { visit(f, role, ptr, key, n) }
		if f.Kind == load.KindAsyncAPI {
			walkAsyncAPI(f, fn)
		} else {
			walkOpenAPI(f, fn)
		}
	}
}
