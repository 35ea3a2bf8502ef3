package lint_test

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/talkamie/contract/tools/internal/bundle"
	"github.com/talkamie/contract/tools/internal/diag"
	"github.com/talkamie/contract/tools/internal/lint"
	"github.com/talkamie/contract/tools/internal/load"
	"github.com/talkamie/contract/tools/internal/report"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// bundleOpenAPI is the bundler the CLI uses, for the openapi-invalid rule.
func bundleOpenAPI(c *load.Contract) ([]byte, error) {
	r, err := bundle.Bundle(c)
	if err != nil {
		return nil, err
	}
	return r.OpenAPI, nil
}

// TestRules runs each rule's passing and failing fixture (testdata/rules/<code>/{pass,fail})
// against its golden output. The passing fixture must have no errors and no finding of the
// rule; the failing one must have at least one finding of the rule.
func TestRules(t *testing.T) {
	dirs, err := os.ReadDir("testdata/rules")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		code := d.Name()
		for _, kind := range []string{"pass", "fail"} {
			t.Run(code+"/"+kind, func(t *testing.T) {
				findings, err := lint.Dir(context.Background(), filepath.Join("testdata/rules", code, kind), lint.Options{Bundle: bundleOpenAPI})
				if err != nil {
					t.Fatal(err)
				}
				n := countCode(findings, code)
				switch {
				case kind == "pass" && (n > 0 || findings.HasErrors()):
					t.Errorf("passing fixture has findings:\n%s", text(t, findings))
				case kind == "fail" && n == 0:
					t.Errorf("failing fixture has no %s finding:\n%s", code, text(t, findings))
				}
				golden(t, filepath.Join("testdata/rules", code, kind+".golden"), text(t, findings))
			})
		}
	}
}

// TestRulesAreDocumented keeps Rules() and the fixtures in step: every rule has fixtures
// and every fixture directory names a rule.
func TestRulesAreDocumented(t *testing.T) {
	var codes []string
	for _, r := range lint.Rules() {
		codes = append(codes, r.Code)
		if r.Summary == "" {
			t.Errorf("rule %s has no summary", r.Code)
		}
		if _, err := os.Stat(filepath.Join("testdata/rules", r.Code, "fail")); err != nil {
			t.Errorf("rule %s has no failing fixture: %v", r.Code, err)
		}
		if _, err := os.Stat(filepath.Join("testdata/rules", r.Code, "pass")); err != nil {
			t.Errorf("rule %s has no passing fixture: %v", r.Code, err)
		}
	}
	dirs, _ := os.ReadDir("testdata/rules")
	for _, d := range dirs {
		if !slices.Contains(codes, d.Name()) {
			t.Errorf("testdata/rules/%s is not a rule in Rules()", d.Name())
		}
	}
}

// TestFindingsArePositioned checks that every finding of the failing fixtures names a file
// of the fixture and, except for whole-file findings, a line.
func TestFindingsArePositioned(t *testing.T) {
	err := fs.WalkDir(os.DirFS("testdata/rules"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() || filepath.Base(p) != "fail" {
			return err
		}
		findings, err := lint.Dir(context.Background(), filepath.Join("testdata/rules", p), lint.Options{Bundle: bundleOpenAPI})
		if err != nil {
			return err
		}
		for _, f := range findings {
			if _, err := os.Stat(filepath.Join("testdata/rules", p, f.Pos.File)); err != nil {
				t.Errorf("%s: finding %q names no file of the fixture", p, f)
			}
			if f.Pos.Line == 0 && f.Code != "parse-error" {
				t.Errorf("%s: finding %q has no line", p, f)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDirErrors(t *testing.T) {
	if _, err := lint.Dir(context.Background(), "testdata/no-such-dir", lint.Options{}); err == nil {
		t.Error("Dir on a missing directory: want an error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	findings, err := lint.Dir(ctx, "testdata/rules/example-invalid/fail", lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if countCode(findings, "lint-cancelled") != 1 {
		t.Errorf("cancelled run: want one lint-cancelled finding, got\n%s", text(t, findings))
	}
}

// BenchmarkLint lints the real contract (the repository root), bundling it for openapi-invalid.
func BenchmarkLint(b *testing.B) {
	root := filepath.Join("..", "..", "..")
	opts := lint.Options{Bundle: bundleOpenAPI}
	for b.Loop() {
		if _, err := lint.Dir(context.Background(), root, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func countCode(l diag.List, code string) int {
	n := 0
	for _, f := range l {
		if f.Code == code {
			n++
		}
	}
	return n
}

func text(t *testing.T, l diag.List) string {
	t.Helper()
	var buf bytes.Buffer
	if err := report.Write(&buf, report.Text, l, report.Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
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
