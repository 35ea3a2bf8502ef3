package load_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/talkamie/contract/tools/internal/load"
)

func TestDirKindsAndResolve(t *testing.T) {
	c, findings, err := load.Dir("testdata/basic")
	if err != nil {
		t.Fatal(err)
	}
	if len(findings) != 0 {
		t.Fatalf("findings on a valid contract: %v", findings)
	}
	if got := c.OpenAPI(); got == nil || got.Path != "spec/openapi.yaml" {
		t.Fatalf("OpenAPI() = %v", got)
	}
	if got := len(c.Schemas()); got != 2 {
		t.Fatalf("Schemas() = %d files, want 2", got)
	}
	if k := c.File("spec/paths/things.yaml").Kind; k != load.KindPaths {
		t.Errorf("paths file kind = %v", k)
	}
	thing := c.File("schemas/v1/a/thing.json")
	tests := []struct {
		name, ref, wantFile, wantPtr string
		wantLine                     int
		wantErr                      error
	}{
		{"relative file and fragment", "part.json#/$defs/Part", "schemas/v1/a/part.json", "/$defs/Part", 6, nil},
		{"absolute id", "https://schemas.example.com/v1/a/part.json", "schemas/v1/a/part.json", "", 1, nil},
		{"same file", "#/properties/size", "schemas/v1/a/thing.json", "/properties/size", 10, nil},
		{"missing file", "nope.json", "", "", 0, load.ErrNotFound},
		{"missing pointer", "part.json#/$defs/Nope", "", "", 0, load.ErrNotFound},
		{"unknown id", "https://schemas.example.com/v1/a/nope.json", "", "", 0, load.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Resolve(thing, tt.ref)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.File.Path != tt.wantFile || got.Pointer != tt.wantPtr || got.Node.Line != tt.wantLine {
				t.Errorf("got %s#%s line %d, want %s#%s line %d", got.File.Path, got.Pointer, got.Node.Line, tt.wantFile, tt.wantPtr, tt.wantLine)
			}
		})
	}
}

func TestParseErrorsArePositioned(t *testing.T) {
	_, findings, err := load.Dir("testdata/broken")
	if err != nil {
		t.Fatal(err)
	}
	findings.Sort()
	var got []string
	for _, f := range findings {
		got = append(got, f.Pos.String()+" "+f.Code)
	}
	want := []string{
		"schemas/v1/a/dupkey.json:3:3 duplicate-key",
		"schemas/v1/a/trailing.json:3:14 parse-error",
		"schemas/v1/a/truncated.json:2:1 parse-error",
		"schemas/v1/a/twodocs.json:1:10 parse-error",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
}

func TestValueIsJSONCompatible(t *testing.T) {
	c, _, err := load.Dir("testdata/basic")
	if err != nil {
		t.Fatal(err)
	}
	n, err := c.File("schemas/v1/a/thing.json").Lookup("/examples/0")
	if err != nil {
		t.Fatal(err)
	}
	v, err := load.Value(n)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"id": "t1", "size": json.Number("2")}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("Value = %#v, want %#v", v, want)
	}
}

func TestWalkPointers(t *testing.T) {
	c, _, _ := load.Dir("testdata/basic")
	var ptrs []string
	load.Walk(c.File("spec/openapi.yaml").Root, func(p string, _ *yamlNode) bool {
		ptrs = append(ptrs, p)
		return true
	})
	want := "/paths/~1things~1{id}/$ref"
	for _, p := range ptrs {
		if p == want {
			return
		}
	}
	t.Errorf("Walk did not visit %s; visited %v", want, ptrs)
}

func TestAliasBombIsRefused(t *testing.T) {
	c, findings, err := load.Dir("testdata/aliases")
	if err != nil {
		t.Fatal(err)
	}
	if len(findings) != 1 || findings[0].Code != "yaml-alias-expansion" || findings[0].Pos.File != "spec/openapi.yaml" {
		t.Fatalf("findings = %v, want one yaml-alias-expansion on spec/openapi.yaml", findings)
	}
	if c.File("spec/openapi.yaml").Root != nil {
		t.Error("the file was kept; later stages would expand its aliases")
	}
}

func TestSmallAliasesAreKept(t *testing.T) {
	c, findings, err := load.FS(fstest.MapFS{"spec/openapi.yaml": {Data: []byte(
		"openapi: 3.0.3\nx-a: &a {k: [1, 2]}\nx-b: *a\n")}})
	if err != nil || len(findings) != 0 {
		t.Fatalf("findings %v, err %v", findings, err)
	}
	v, err := load.Value(load.Child(c.File("spec/openapi.yaml").Root, "x-b"))
	if err != nil || !reflect.DeepEqual(v, map[string]any{"k": []any{json.Number("1"), json.Number("2")}}) {
		t.Errorf("Value(x-b) = %v, %v", v, err)
	}
}
