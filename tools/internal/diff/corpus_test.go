package diff_test

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/tools/internal/diag"
	"github.com/talkamie/contract/tools/internal/diff"
	"github.com/talkamie/contract/tools/internal/load"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// corpusCase is one entry of testdata/corpus/manifest.yaml.
type corpusCase struct {
	Name     string   `yaml:"name"`
	Breaking bool     `yaml:"breaking"`
	API      string   `yaml:"api"`
	Expect   []string `yaml:"expect"`
	Summary  string   `yaml:"summary"`
}

// edit is one change of a corpus case: replace a text that occurs exactly once, or write a
// whole file (content), or delete one.
type edit struct {
	File    string  `yaml:"file"`
	Replace string  `yaml:"replace"`
	With    string  `yaml:"with"`
	Content *string `yaml:"content"`
	Delete  bool    `yaml:"delete"`
}

// fixtureFS reads the corpus's base contract into memory.
func fixtureFS(t testing.TB) fstest.MapFS {
	t.Helper()
	return readTree(t, "testdata/fixture")
}

func readTree(t testing.TB, dir string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	root := os.DirFS(dir)
	err := fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, p)
		m[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// applyEdits returns a copy of base with the edits applied.
func applyEdits(base fstest.MapFS, edits []edit) (fstest.MapFS, error) {
	out := fstest.MapFS{}
	for p, f := range base {
		out[p] = &fstest.MapFile{Data: f.Data}
	}
	for i, e := range edits {
		switch {
		case e.Delete:
			if out[e.File] == nil {
				return nil, fmt.Errorf("edit %d: no file %s to delete", i, e.File)
			}
			delete(out, e.File)
		case e.Content != nil:
			out[e.File] = &fstest.MapFile{Data: []byte(*e.Content)}
		default:
			f := out[e.File]
			if f == nil {
				return nil, fmt.Errorf("edit %d: no file %s", i, e.File)
			}
			if n := bytes.Count(f.Data, []byte(e.Replace)); n != 1 || e.Replace == "" {
				return nil, fmt.Errorf("edit %d: %s contains the text to replace %d times, want once", i, e.File, n)
			}
			out[e.File] = &fstest.MapFile{Data: bytes.Replace(f.Data, []byte(e.Replace), []byte(e.With), 1)}
		}
	}
	return out, nil
}

func loadFS(t testing.TB, fsys fs.FS) *load.Contract {
	t.Helper()
	c, findings, err := load.FS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if findings.HasErrors() {
		t.Fatalf("the contract does not load: %v", findings)
	}
	return c
}

func readManifest(t *testing.T) []corpusCase {
	t.Helper()
	data, err := os.ReadFile("testdata/corpus/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cases []corpusCase
	if err := yaml.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestCorpus classifies every case of the corpus: a case labelled breaking must make diff
// fail (a breaking finding), any other must not, and each expected rule id must be reported.
// The findings of every case are kept in testdata/corpus.golden.txt.
func TestCorpus(t *testing.T) {
	cases := readManifest(t)
	entries, err := os.ReadDir("testdata/corpus")
	if err != nil {
		t.Fatal(err)
	}
	var dirs, names []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	for _, c := range cases {
		names = append(names, c.Name)
	}
	slices.Sort(names)
	if !slices.Equal(dirs, names) {
		t.Fatalf("the manifest and the case folders differ:\nmanifest: %v\nfolders:  %v", names, dirs)
	}
	if len(cases) < 40 {
		t.Errorf("the corpus has %d cases, want at least 40", len(cases))
	}
	base := fixtureFS(t)
	baseContract := loadFS(t, base)
	var golden bytes.Buffer
	counts := map[bool]int{}
	for _, c := range cases {
		counts[c.Breaking]++
		t.Run(c.Name, func(t *testing.T) {
			data, err := os.ReadFile(path.Join("testdata/corpus", c.Name, "edits.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			var edits []edit
			if err := yaml.Unmarshal(data, &edits); err != nil {
				t.Fatal(err)
			}
			head, err := applyEdits(base, edits)
			if err != nil {
				t.Fatal(err)
			}
			res, err := diff.Compare(baseContract, loadFS(t, head), diff.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Breaking() > 0; got != c.Breaking {
				t.Errorf("breaking = %v, want %v (%s); findings:\n%s", got, c.Breaking, c.Summary, render(t, res))
			}
			var ids []string
			for _, f := range res.Findings {
				ids = append(ids, f.ID)
				if f.Fingerprint == "" || f.Message == "" || f.Pos.File == "" {
					t.Errorf("incomplete finding %+v", f)
				}
				if f.API == diff.WebSocket && f.Operation == "" {
					t.Errorf("websocket finding without an action: %+v", f)
				}
			}
			for _, want := range c.Expect {
				if !slices.Contains(ids, want) {
					t.Errorf("no %s finding; got %v", want, ids)
				}
			}
			if len(c.Expect) == 0 && len(res.Findings) > 0 {
				t.Errorf("want no finding, got:\n%s", render(t, res))
			}
			fmt.Fprintf(&golden, "== %s (breaking: %v)\n%s\n", c.Name, c.Breaking, render(t, res))
		})
	}
	t.Logf("%d cases: %d breaking, %d not", len(cases), counts[true], counts[false])
	checkGolden(t, "testdata/corpus.golden.txt", golden.Bytes())
}

func render(t testing.TB, res *diff.Result) string {
	t.Helper()
	var b bytes.Buffer
	if err := diff.Write(&b, diff.Text, res, diff.WriteOptions{Base: "base", Head: "head", MinLevel: diag.Info}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func checkGolden(t *testing.T, file string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run go test -update and review the diff):\n%s", file, firstDiff(string(want), string(got)))
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(wl), len(gl)) {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant %q\ngot  %q", i+1, w, g)
		}
	}
	return ""
}
