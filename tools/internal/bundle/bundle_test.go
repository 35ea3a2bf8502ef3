package bundle_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/tools/internal/bundle"
	"github.com/talkamie/contract/tools/internal/diag"
	"github.com/talkamie/contract/tools/internal/load"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// repoRoot is the real contract, relative to this package.
const repoRoot = "../../.."

func loadDir(t testing.TB, dir string) *load.Contract {
	t.Helper()
	c, findings, err := load.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if findings.HasErrors() {
		t.Fatalf("load %s: %v", dir, findings)
	}
	return c
}

// checkGolden compares got with testdata/name, or rewrites it under -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the bundle (run go test -update and review the diff):\n%s", path, firstDiff(string(want), string(got)))
	}
}

// firstDiff describes the first line where two texts differ.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n want: " + wl + "\n  got: " + gl
		}
	}
	return "(same lines, different bytes)"
}

// TestGolden bundles each fixture: a valid one must match its two golden
// documents, a broken one its golden findings.
func TestGolden(t *testing.T) {
	tests := []struct {
		fixture string
		wantErr bool
	}{
		{"full", false},
		{"collision", true},
		{"broken", true},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			res, err := bundle.Bundle(loadDir(t, filepath.Join("testdata", tt.fixture)))
			if !tt.wantErr {
				if err != nil {
					t.Fatalf("Bundle: %v", err)
				}
				checkGolden(t, tt.fixture+".golden.yaml", slices.Concat(res.OpenAPI, []byte("---\n"), res.AsyncAPI))
				return
			}
			var findings diag.List
			if !errors.As(err, &findings) {
				t.Fatalf("Bundle error = %v, want a diag.List", err)
			}
			var b strings.Builder
			for _, f := range findings {
				b.WriteString(f.String() + "\n")
			}
			checkGolden(t, tt.fixture+".golden.txt", []byte(b.String()))
		})
	}
}

// TestDeterminism bundles the same contract twice, and once more from a copy
// whose files were written in reverse order: every byte must be the same.
func TestDeterminism(t *testing.T) {
	src := filepath.Join("testdata", "full")
	first, err := bundle.Bundle(loadDir(t, src))
	if err != nil {
		t.Fatal(err)
	}
	second, err := bundle.Bundle(loadDir(t, src))
	if err != nil {
		t.Fatal(err)
	}
	copyDir := t.TempDir()
	var files []string
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(files)
	for _, p := range files {
		rel, _ := filepath.Rel(src, p)
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(copyDir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copied, err := bundle.Bundle(loadDir(t, copyDir))
	if err != nil {
		t.Fatal(err)
	}
	for _, other := range []struct {
		name string
		res  *bundle.Result
	}{{"second run", second}, {"reversed copy", copied}} {
		t.Run(other.name, func(t *testing.T) {
			if !bytes.Equal(first.OpenAPI, other.res.OpenAPI) {
				t.Error("OpenAPI bytes differ")
			}
			if !bytes.Equal(first.AsyncAPI, other.res.AsyncAPI) {
				t.Error("AsyncAPI bytes differ")
			}
			if first.Hash != other.res.Hash {
				t.Errorf("Hash %s != %s", other.res.Hash, first.Hash)
			}
		})
	}
}

// TestHash checks that the hash is 16 hex digits and follows every byte and
// every path of the sources.
func TestHash(t *testing.T) {
	base := map[string]string{
		"spec/openapi.yaml":   "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\n",
		"schemas/v1/a/a.json": `{"title": "A", "type": "string"}`,
	}
	hashOf := func(t *testing.T, files map[string]string) string {
		t.Helper()
		fsys := fstest.MapFS{}
		for p, s := range files {
			fsys[p] = &fstest.MapFile{Data: []byte(s)}
		}
		c, _, err := load.FS(fsys)
		if err != nil {
			t.Fatal(err)
		}
		res, err := bundle.Bundle(c)
		if err != nil {
			t.Fatal(err)
		}
		if res.Hash != bundle.Hash(c) {
			t.Errorf("Result.Hash %s != Hash %s", res.Hash, bundle.Hash(c))
		}
		if !strings.HasPrefix(string(res.OpenAPI), "# Code generated by contract bundle from "+res.Hash+". DO NOT EDIT.\n") {
			t.Errorf("the first line does not carry the hash: %q", strings.SplitN(string(res.OpenAPI), "\n", 2)[0])
		}
		return res.Hash
	}
	want := hashOf(t, base)
	if len(want) != 16 || strings.Trim(want, "0123456789abcdef") != "" {
		t.Fatalf("Hash = %q, want 16 lowercase hex digits", want)
	}
	tests := []struct {
		name   string
		change func(map[string]string)
		same   bool
	}{
		{"unchanged", func(map[string]string) {}, true},
		{"one byte of a schema", func(m map[string]string) { m["schemas/v1/a/a.json"] = `{"title": "A", "type": "number"}` }, false},
		{"a renamed file", func(m map[string]string) {
			m["schemas/v1/a/b.json"] = m["schemas/v1/a/a.json"]
			delete(m, "schemas/v1/a/a.json")
		}, false},
		{"a file outside schemas/ and spec/", func(m map[string]string) { m["README.md"] = "# hi" }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := maps.Clone(base)
			tt.change(files)
			if got := hashOf(t, files); (got == want) != tt.same {
				t.Errorf("Hash = %s, base %s, want same = %v", got, want, tt.same)
			}
		})
	}
}

// TestValidOpenAPI loads and validates the bundles of the fixture and of the real
// contract with kin-openapi (examples included), and checks that both documents
// are self-contained.
func TestValidOpenAPI(t *testing.T) {
	for _, dir := range []string{filepath.Join("testdata", "full"), repoRoot} {
		t.Run(dir, func(t *testing.T) {
			if _, err := os.Stat(filepath.Join(dir, "spec", "openapi.yaml")); err != nil {
				t.Skipf("no contract yet: %v", err)
			}
			res, err := bundle.Bundle(loadDir(t, dir))
			if err != nil {
				var findings diag.List
				errors.As(err, &findings)
				for _, f := range findings {
					t.Log(f)
				}
				t.Fatalf("Bundle: %v", err)
			}
			doc, err := openapi3.NewLoader().LoadFromData(res.OpenAPI)
			if err != nil {
				t.Fatalf("kin-openapi load: %v", err)
			}
			if err := doc.Validate(context.Background()); err != nil {
				t.Fatalf("kin-openapi validate: %v", err)
			}
			checkSelfContained(t, "openapi", res.OpenAPI)
			if res.AsyncAPI != nil {
				checkSelfContained(t, "asyncapi", res.AsyncAPI)
			}
		})
	}
}

// checkSelfContained fails when a $ref of a bundled document is not a local
// pointer that resolves inside it. Example and extension values are data, not refs.
func checkSelfContained(t *testing.T, name string, doc []byte) {
	t.Helper()
	var root yaml.Node
	if err := yaml.Unmarshal(doc, &root); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	top := root.Content[0]
	f := &load.File{Path: name, Root: top}
	load.Walk(top, func(ptr string, n *yaml.Node) bool {
		last := ptr[strings.LastIndexByte(ptr, '/')+1:]
		if last == "example" || last == "examples" || strings.HasPrefix(last, "x-") {
			return false
		}
		ref := load.Child(n, "$ref")
		if n.Kind != yaml.MappingNode || ref == nil {
			return true
		}
		if !strings.HasPrefix(ref.Value, "#/") {
			t.Errorf("%s%s: $ref %q is not local", name, ptr, ref.Value)
		} else if _, err := f.Lookup(ref.Value[1:]); err != nil {
			t.Errorf("%s%s: $ref %q does not resolve in the bundle", name, ptr, ref.Value)
		}
		return true
	})
}

// BenchmarkBundle bundles the real contract, with and without loading it.
func BenchmarkBundle(b *testing.B) {
	if _, err := os.Stat(filepath.Join(repoRoot, "spec", "openapi.yaml")); err != nil {
		b.Skip("no contract yet")
	}
	b.Run("bundle", func(b *testing.B) {
		c := loadDir(b, repoRoot)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := bundle.Bundle(c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("load+bundle", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := bundle.Bundle(loadDir(b, repoRoot)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
