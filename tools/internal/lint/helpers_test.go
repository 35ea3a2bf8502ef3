package lint

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestIsPascalCase(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"WsChatMessageSend", true},
		{"Ws2", true},
		{"wsChat", false},
		{"Ws_Chat", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := isPascalCase(tt.in); got != tt.want {
				t.Errorf("isPascalCase(%q) = %v", tt.in, got)
			}
		})
	}
}

func TestCheckID(t *testing.T) {
	tests := []struct {
		name, id, path string
		ok             bool
	}{
		{"mirrors", "https://schemas.talkamie.com/v1/user/basic_user.json", "schemas/v1/user/basic_user.json", true},
		{"other domain folder", "https://schemas.talkamie.com/v1/chat/basic_user.json", "schemas/v1/user/basic_user.json", false},
		{"relative", "basic_user.json", "schemas/v1/user/basic_user.json", false},
		{"fragment", "https://schemas.talkamie.com/v1/user/basic_user.json#x", "schemas/v1/user/basic_user.json", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := checkID(tt.id, tt.path); (got == "") != tt.ok {
				t.Errorf("checkID(%q, %q) = %q, want ok=%v", tt.id, tt.path, got, tt.ok)
			}
		})
	}
}

func TestNullableTypePair(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{`[string, "null"]`, true},
		{`["null", integer]`, true},
		{`[string, integer]`, false},
		{`["null", "null"]`, false},
		{`[string, "null", integer]`, false},
		{`[string]`, false},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(tt.src), &doc); err != nil {
				t.Fatal(err)
			}
			if got := nullableTypePair(doc.Content[0]); got != tt.want {
				t.Errorf("nullableTypePair(%s) = %v", tt.src, got)
			}
		})
	}
}

func TestResponseOf(t *testing.T) {
	tests := []struct{ ptr, want string }{
		{"/~1auth/get/responses/200/content/application~1json", "GET /auth 200"},
		{"/paths/~1users~1{userId}/put/responses/422/content/application~1json", "PUT /users/{userId} 422"},
		{"/components/responses/NotFound/content/application~1json", "components/responses/NotFound"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := responseOf(tt.ptr); got != tt.want {
				t.Errorf("responseOf(%q) = %q", tt.ptr, got)
			}
		})
	}
}
