package verify

import (
	"bytes"
	"strings"
	"testing"
)

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in, err string
		// starts is how the written report begins.
		starts string
	}{
		{"text", "", "contract verify http://127.0.0.1/v1\n"},
		{"json", "", "{\n  \"tool\": \"contract verify\""},
		{"junit", "", "<?xml"},
		{"sarif", `unknown format "sarif" (want one of text, json, junit)`, ""},
		{"", `unknown format "" (want one of text, json, junit)`, ""},
	}
	rep := &Report{Target: "http://127.0.0.1/v1"}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			f, err := ParseFormat(tt.in)
			var buf bytes.Buffer
			werr := rep.Write(&buf, Format(tt.in))
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Errorf("ParseFormat(%q) error = %v, want %q", tt.in, err, tt.err)
				}
				if werr == nil || werr.Error() != tt.err {
					t.Errorf("Write(%q) error = %v, want %q", tt.in, werr, tt.err)
				}
				return
			}
			if err != nil || string(f) != tt.in {
				t.Fatalf("ParseFormat(%q) = %q, %v", tt.in, f, err)
			}
			if werr != nil || !strings.HasPrefix(buf.String(), tt.starts) {
				t.Errorf("Write(%q) = %v, output %q, want it to start with %q", tt.in, werr, buf.String(), tt.starts)
			}
		})
	}
}
