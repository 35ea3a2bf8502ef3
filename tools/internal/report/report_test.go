package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talkamie/contract/tools/internal/diag"
	"github.com/talkamie/contract/tools/internal/report"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// sample has one finding of each severity, a finding without a line, and messages with the
// characters each format must escape.
func sample() diag.List {
	var l diag.List
	l.Errorf("example-invalid", diag.Pos{File: "spec/paths/user.yaml", Line: 12, Col: 9}, "/~1user/get",
		"example \"margaret\" at /data/id: got number, want string (keyword type)")
	l.Errorf("ref-unresolved", diag.Pos{File: "schemas/v1/user/basic_user.json", Line: 3, Col: 5}, "/properties/a/$ref",
		"$ref \"a,b:c.json\" does not resolve: %s", "100% <missing> & gone\nsecond line")
	l.Warnf("schema-unused", diag.Pos{File: "schemas/v1/req/sort-order.json", Line: 1, Col: 1}, "", "nothing references it")
	l.Add(diag.Info, "note-only", diag.Pos{File: "spec/openapi.yaml"}, "", "a note without a line")
	return l
}

func options() report.Options {
	return report.Options{Tool: "contract lint", Rules: []report.Rule{
		{Code: "example-invalid", Summary: "an example does not validate against its schema"},
		{Code: "ref-unresolved", Summary: "a $ref does not resolve"},
		{Code: "schema-unused", Summary: "no one references the schema"},
	}}
}

func TestFormats(t *testing.T) {
	ext := map[report.Format]string{report.Text: "txt", report.JSON: "json", report.GitHubActions: "txt", report.JUnit: "xml", report.SARIF: "json"}
	for _, f := range report.Formats() {
		for _, tc := range []struct {
			name     string
			findings diag.List
		}{{"findings", sample()}, {"clean", nil}} {
			t.Run(string(f)+"/"+tc.name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := report.Write(&buf, f, tc.findings, options()); err != nil {
					t.Fatal(err)
				}
				checkWellFormed(t, f, buf.Bytes())
				golden(t, filepath.Join("testdata", tc.name+"."+string(f)+"."+ext[f]), buf.String())
			})
		}
	}
}

// checkWellFormed parses the machine-readable formats, so a golden file can never bless
// broken output.
func checkWellFormed(t *testing.T, f report.Format, out []byte) {
	t.Helper()
	switch f {
	case report.JSON, report.SARIF:
		var v map[string]any
		if err := json.Unmarshal(out, &v); err != nil {
			t.Fatalf("%s output is not JSON: %v", f, err)
		}
	case report.JUnit:
		var v struct{}
		if err := xml.Unmarshal(out, &v); err != nil {
			t.Fatalf("junit output is not XML: %v", err)
		}
	}
}

func TestPathPrefix(t *testing.T) {
	var buf bytes.Buffer
	l := diag.List{{Code: "x", Severity: diag.Error, Pos: diag.Pos{File: "spec/openapi.yaml", Line: 2, Col: 1}, Message: "m"}}
	if err := report.Write(&buf, report.GitHubActions, l, report.Options{PathPrefix: "contracts/talkamie"}); err != nil {
		t.Fatal(err)
	}
	want := "::error file=contracts/talkamie/spec/openapi.yaml,line=2,col=1,title=x::m\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
	if l[0].Pos.File != "spec/openapi.yaml" {
		t.Errorf("Write changed the caller's findings: %q", l[0].Pos.File)
	}
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in      string
		want    report.Format
		wantErr bool
	}{
		{"text", report.Text, false},
		{"sarif", report.SARIF, false},
		{"github-actions", report.GitHubActions, false},
		{"xml", "", true},
		{"", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := report.ParseFormat(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("ParseFormat(%q) = %q, %v", tt.in, got, err)
			}
		})
	}
	if err := report.Write(&bytes.Buffer{}, "yaml", nil, report.Options{}); err == nil {
		t.Error("Write with an unknown format: want an error")
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		name string
		l    diag.List
		want string
	}{
		{"none", nil, "no problems"},
		{"one of each", sample(), "2 errors, 1 warning, 1 note"},
		{"warning only", diag.List{{Severity: diag.Warning}}, "0 errors, 1 warning"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := report.Summary(tt.l); got != tt.want {
				t.Errorf("Summary = %q, want %q", got, tt.want)
			}
		})
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs:\n--- got\n%s--- want\n%s", path, got, want)
	}
}

func TestLookup(t *testing.T) {
	type own string
	formats := []own{"text", "markdown"}
	tests := []struct {
		name    string
		in      string
		want    own
		wantErr string
	}{
		{name: "first", in: "text", want: "text"},
		{name: "last", in: "markdown", want: "markdown"},
		{name: "unknown", in: "sarif", wantErr: `unknown format "sarif" (want one of text, markdown)`},
		{name: "empty", in: "", wantErr: `unknown format "" (want one of text, markdown)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := report.Lookup(tt.in, formats)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Lookup(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestPrefixPath(t *testing.T) {
	tests := []struct{ prefix, file, want string }{
		{prefix: "", file: "spec/openapi.yaml", want: "spec/openapi.yaml"},
		{prefix: ".", file: "spec/openapi.yaml", want: "spec/openapi.yaml"},
		{prefix: "contract", file: "", want: ""},
		{prefix: "contract", file: "spec/openapi.yaml", want: "contract/spec/openapi.yaml"},
		{prefix: "./api/", file: "schemas/a.json", want: "api/schemas/a.json"},
	}
	for _, tt := range tests {
		t.Run(tt.prefix+"|"+tt.file, func(t *testing.T) {
			if got := report.PrefixPath(tt.prefix, tt.file); got != tt.want {
				t.Errorf("PrefixPath(%q, %q) = %q, want %q", tt.prefix, tt.file, got, tt.want)
			}
		})
	}
}

func TestPlural(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{{0, "0 errors"}, {1, "1 error"}, {2, "2 errors"}}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := report.Plural(tt.n, "error"); got != tt.want {
				t.Errorf("Plural(%d) = %q, want %q", tt.n, got, tt.want)
			}
		})
	}
}

func TestWriteXML(t *testing.T) {
	type item struct {
		XMLName xml.Name `xml:"item"`
		Name    string   `xml:"name,attr"`
		Text    string   `xml:"note"`
	}
	var b strings.Builder
	if err := report.WriteXML(&b, item{Name: "a&b", Text: "x<y"}); err != nil {
		t.Fatal(err)
	}
	want := xml.Header + "<item name=\"a&amp;b\">\n  <note>x&lt;y</note>\n</item>\n"
	if b.String() != want {
		t.Errorf("WriteXML wrote\n%s\nwant\n%s", b.String(), want)
	}
}
