package oasutil

import (
	"net/url"
	"path"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
)

// BasePath is the path of doc's first server URL, its variables set to their
// defaults, without a trailing slash: "/v1" for
// "https://api.example.com/v1/". It is "" when doc has no servers, the first
// server URL has no path or does not parse.
func BasePath(doc *openapi3.T) string {
	if len(doc.Servers) == 0 || doc.Servers[0] == nil {
		return ""
	}
	s := doc.Servers[0]
	raw := s.URL
	for name, v := range s.Variables {
		if v != nil {
			raw = strings.ReplaceAll(raw, "{"+name+"}", v.Default)
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(u.Path, "/")
}

// ComponentName is the name of the component a schema file becomes when it
// has no title (docs/contract-style.md): the PascalCase of its file name
// without the extension, "_", "-", "." and " " starting a new word:
// "schemas/v1/res/error_envelope.json" -> "ErrorEnvelope", "sort-order.yaml"
// -> "SortOrder". The bundler names components this way, and whatever finds a
// component from a file path must agree with it.
func ComponentName(file string) string {
	base := path.Base(file)
	base = strings.TrimSuffix(base, path.Ext(base))
	return PascalCase(base)
}

// PascalCase joins the words of a name, split at '_', '-', '.' and ' ', with
// each word's first letter upper-cased: "error_envelope" -> "ErrorEnvelope",
// "sort-order" -> "SortOrder". It is the one naming rule for components.
func PascalCase(name string) string {
	var b strings.Builder
	up := true
	for _, r := range name {
		if r == '_' || r == '-' || r == '.' || r == ' ' {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
