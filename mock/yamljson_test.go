package mock

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestYAMLToJSON(t *testing.T) {
	// laughs nests aliases four deep, ten to a list: its last list alone needs
	// 11,110 expansions, past the limit of 10,000.
	var laughs strings.Builder
	laughs.WriteString("a0: &a0 x\n")
	for i := 1; i <= 4; i++ {
		laughs.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := range 10 {
			if j > 0 {
				laughs.WriteString(",")
			}
			laughs.WriteString("*a" + string(rune('0'+i-1)))
		}
		laughs.WriteString("]\n")
	}
	tests := []struct {
		name, yaml, want, err string
	}{
		{name: "key order kept", yaml: "b: 1\na: 2\nc: {z: true, y: null}", want: `{"b":1,"a":2,"c":{"z":true,"y":null}}`},
		{name: "numbers keep their literal", yaml: "[1, -7, 18446744073709551615, 1.10, 2.5e3, 0x1F, 1_000, 1_0.5]", want: `[1,-7,18446744073709551615,1.10,2.5e3,31,1000,10.5]`},
		{name: "strings escaped", yaml: `[plain, "quo\"te", "a & b <c>", "2025-09-07T15:00:00Z", "yes"]`, want: `["plain","quo\"te","a \u0026 b \u003cc\u003e","2025-09-07T15:00:00Z","yes"]`},
		{name: "integer keys become strings", yaml: "200: ok\n404: missing", want: `{"200":"ok","404":"missing"}`},
		{name: "aliases expanded", yaml: "base: &b {x: 1}\ncopy: *b", want: `{"base":{"x":1},"copy":{"x":1}}`},
		{name: "empty document", yaml: "", err: "the document is empty"},
		{name: "comments only", yaml: "# nothing here\n", err: "the document is empty"},
		{name: "infinity refused", yaml: "x: .inf", err: "line 1: .inf is not a JSON number"},
		{name: "not a number refused", yaml: "x: .nan", err: "is not a JSON number"},
		{name: "non-scalar key refused", yaml: "? [a, b]\n: c", err: "line 1: mapping keys must be scalars"},
		{name: "alias bomb refused", yaml: laughs.String(), err: "too many alias expansions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n yaml.Node
			if err := yaml.Unmarshal([]byte(tt.yaml), &n); err != nil {
				t.Fatal(err)
			}
			got, err := yamlToJSON(&n)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q (output %s)", err, tt.err, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestYAMLToJSONDepth(t *testing.T) {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(strings.Repeat("[", 1100)+strings.Repeat("]", 1100)), &n); err != nil {
		t.Skipf("the YAML parser refuses the document itself: %v", err)
	}
	if _, err := yamlToJSON(&n); err == nil || !strings.Contains(err.Error(), "deeper than 1000 levels") {
		t.Fatalf("error %v, want the depth limit", err)
	}
}
