package oasutil

import (
	"net/url"
	"strings"

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
