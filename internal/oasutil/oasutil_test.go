package oasutil

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func TestBasePath(t *testing.T) {
	tests := []struct {
		name    string
		servers openapi3.Servers
		want    string
	}{
		{name: "no servers", want: ""},
		{name: "nil first server", servers: openapi3.Servers{nil}, want: ""},
		{name: "absolute url", servers: openapi3.Servers{{URL: "https://api.example.com/v1"}}, want: "/v1"},
		{name: "trailing slash", servers: openapi3.Servers{{URL: "https://api.example.com/v1/"}}, want: "/v1"},
		{name: "relative url", servers: openapi3.Servers{{URL: "/api/v2"}}, want: "/api/v2"},
		{name: "host only", servers: openapi3.Servers{{URL: "https://api.example.com"}}, want: ""},
		{name: "root", servers: openapi3.Servers{{URL: "/"}}, want: ""},
		{name: "first server wins", servers: openapi3.Servers{{URL: "/v1"}, {URL: "/v2"}}, want: "/v1"},
		{name: "variables take their defaults", servers: openapi3.Servers{{
			URL: "https://{region}.example.com/{version}",
			Variables: map[string]*openapi3.ServerVariable{
				"region":  {Default: "eu"},
				"version": {Default: "v3"},
			},
		}}, want: "/v3"},
		{name: "unparsable url", servers: openapi3.Servers{{URL: "http://[::1/v1"}}, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &openapi3.T{Servers: tt.servers}
			if got := BasePath(doc); got != tt.want {
				t.Errorf("BasePath() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestComponentName(t *testing.T) {
	tests := []struct{ file, want string }{
		{file: "../schemas/v1/res/error_envelope.json", want: "ErrorEnvelope"},
		{file: "sort-order.yaml", want: "SortOrder"},
		{file: "basic_user", want: "BasicUser"},
		{file: "iso_time_24hr.json", want: "IsoTime24hr"},
		{file: "wss.action base.json", want: "WssActionBase"},
		{file: "a__b.json", want: "AB"},
		{file: "Already.json", want: "Already"},
		{file: "x", want: "X"},
		{file: "émoi.json", want: "Émoi"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			if got := ComponentName(tt.file); got != tt.want {
				t.Errorf("ComponentName(%q) = %q, want %q", tt.file, got, tt.want)
			}
		})
	}
}
