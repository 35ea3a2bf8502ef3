package lint

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/tools/internal/load"
)

// checkOperations applies the operation rules: every operation has a unique operationId,
// and every response with content has an example.
func (l *linter) checkOperations() {
	ids := map[string]string{}
	l.walkSpec(func(f *load.File, role, ptr string, key, n *yaml.Node) {
		switch role {
		case roleOperation:
			method := strings.ToUpper(key.Value)
			id := load.Child(n, "operationId")
			if id == nil || strings.TrimSpace(id.Value) == "" {
				l.out.Errorf("operation-id-missing", f.Pos(key), ptr, "operation %s %s has no operationId", method, pathOf(ptr))
				return
			}
			where := fmt.Sprintf("%s:%d", f.Path, id.Line)
			if prev, dup := ids[id.Value]; dup {
				l.out.Errorf("operation-id-duplicate", f.Pos(id), ptr+"/operationId", "operationId %q is also used at %s", id.Value, prev)
				return
			}
			ids[id.Value] = where
		case roleResponseMedia:
			if hasExample(n) {
				return
			}
			l.out.Errorf("response-example-missing", f.Pos(key), ptr, "response %s (%s) has no example", responseOf(ptr), key.Value)
		}
	})
}

func hasExample(media *yaml.Node) bool {
	if load.Child(media, "example") != nil {
		return true
	}
	ex := load.Child(media, "examples")
	return ex != nil && ex.Kind == yaml.MappingNode && len(ex.Content) > 0
}

// pathOf returns the URL path of an operation pointer (/paths/~1a~1{id}/get or /~1a/get).
func pathOf(ptr string) string {
	toks := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	if len(toks) > 0 && toks[0] == "paths" {
		toks = toks[1:]
	}
	if len(toks) == 0 {
		return ptr
	}
	return load.UnescapeToken(toks[0])
}

// responseOf names a response from its media type pointer: "GET /auth 200" or
// "components/responses/NotFound".
func responseOf(ptr string) string {
	toks := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for i, t := range toks {
		if t == "responses" && i+1 < len(toks) {
			if i >= 2 && toks[i-1] != "components" {
				return fmt.Sprintf("%s %s %s", strings.ToUpper(toks[i-1]), pathOf(ptr), load.UnescapeToken(toks[i+1]))
			}
			return "components/responses/" + load.UnescapeToken(toks[i+1])
		}
	}
	return ptr
}
