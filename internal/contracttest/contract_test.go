package contracttest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// root is the repository root, which is the contract directory.
const root = "../.."

// fixCommand regenerates gen/ from the sources.
const fixCommand = "make gen"

// contractBin is the contract CLI built for this test run (the tools live under
// tools/internal, which this package may not import, so it drives the command as CI does).
var contractBin string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "contracttest")
	if err != nil {
		fmt.Fprintln(os.Stderr, "contracttest:", err)
		return 2
	}
	defer os.RemoveAll(dir)
	contractBin = filepath.Join(dir, "contract")
	// go test puts its own toolchain first on PATH.
	build := exec.Command("go", "build", "-o", contractBin, "./tools/cmd/contract")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "contracttest: building the contract CLI: %v\n%s", err, out)
		return 2
	}
	return m.Run()
}

// contract runs the CLI and returns its stdout, stderr and exit code.
func contract(t *testing.T, args ...string) (stdout, stderr []byte, code int) {
	t.Helper()
	cmd := exec.Command(contractBin, args...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("contract %s: %v", strings.Join(args, " "), err)
	}
	return o.Bytes(), e.Bytes(), code
}

// finding is one entry of `contract lint --format json`.
type finding struct {
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Pos      struct {
		File string `json:"file"`
		Line int    `json:"line"`
		Col  int    `json:"col"`
	} `json:"pos"`
	Message string `json:"message"`
}

func TestContractLintsClean(t *testing.T) {
	stdout, stderr, code := contract(t, "lint", "--dir", root, "--format", "json")
	var rep struct {
		Findings []finding `json:"findings"`
		Errors   int       `json:"errors"`
	}
	if err := json.Unmarshal(stdout, &rep); err != nil {
		t.Fatalf("contract lint (exit %d) printed no JSON report: %v\n%s%s", code, err, stdout, stderr)
	}
	if rep.Errors > 0 || code != 0 {
		var sb strings.Builder
		for _, f := range rep.Findings {
			if f.Severity == "error" {
				fmt.Fprintf(&sb, "%s:%d:%d: %s: %s\n", f.Pos.File, f.Pos.Line, f.Pos.Col, f.Code, f.Message)
			}
		}
		t.Errorf("contract lint exits %d with %d errors:\n%s", code, rep.Errors, sb.String())
	}
}

func TestSeedSchemasHaveFiles(t *testing.T) {
	for _, name := range seed(t, "seed-schemas.txt") {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(root, "schemas", "v1", filepath.FromSlash(name)+".json")
			if _, err := os.Stat(p); err != nil {
				t.Errorf("seed schema %s has no file: %v", name, err)
			}
		})
	}
}

func TestSeedOperationsAreBundled(t *testing.T) {
	doc := readYAML(t, "gen/openapi.yaml")
	type op struct{ method, path string }
	bySummary := map[string][]op{}
	tagsOf := map[op][]string{}
	pairs(child(doc, "paths"), func(p, item *yaml.Node) {
		pairs(item, func(m, o *yaml.Node) {
			s := child(o, "summary")
			if s == nil {
				return
			}
			k := op{strings.ToUpper(m.Value), p.Value}
			bySummary[s.Value] = append(bySummary[s.Value], k)
			tagsOf[k] = append(tagsOf[k], seqValues(child(o, "tags"))...)
		})
	})
	for _, line := range seed(t, "seed-operations.txt") {
		group, name, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("seed-operations.txt: line %q is not <group> TAB <name>", line)
		}
		t.Run(group+"/"+name, func(t *testing.T) {
			ops := bySummary[name]
			switch len(ops) {
			case 0:
				t.Fatalf("no operation in gen/openapi.yaml has the summary %q", name)
			case 1:
			default:
				t.Errorf("summary %q is used by %d operations: %v", name, len(ops), ops)
			}
			if !slices.Contains(tagsOf[ops[0]], group) {
				t.Errorf("%s %s (%q) has tags %v, want the seed group %q", ops[0].method, ops[0].path, name, tagsOf[ops[0]], group)
			}
		})
	}
}

func TestSeedActionsAreBundled(t *testing.T) {
	doc := readYAML(t, "gen/asyncapi.yaml")
	// An action is present when a message declares it (x-action) or a schema pins it
	// (properties.action.const).
	found := map[string]bool{}
	messages := func(n *yaml.Node) {
		pairs(n, func(_, m *yaml.Node) {
			if a := child(m, "x-action"); a != nil {
				found[a.Value] = true
			}
		})
	}
	messages(child(child(doc, "components"), "messages"))
	pairs(child(doc, "channels"), func(_, ch *yaml.Node) { messages(child(ch, "messages")) })
	walk(doc, func(n *yaml.Node) {
		if c := child(child(child(n, "properties"), "action"), "const"); c != nil {
			found[c.Value] = true
		}
	})
	for _, action := range seed(t, "seed-actions.txt") {
		t.Run(action, func(t *testing.T) {
			if !found[action] {
				t.Errorf("gen/asyncapi.yaml has no message for the action %q (x-action or an action const)", action)
			}
		})
	}
}

func TestCommittedBundleIsFresh(t *testing.T) {
	out := t.TempDir()
	if stdout, stderr, code := contract(t, "bundle", "--dir", root, "--out", out); code != 0 {
		t.Fatalf("contract bundle exits %d:\n%s%s", code, stdout, stderr)
	}
	for _, name := range []string{"openapi.yaml", "asyncapi.yaml"} {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(out, name))
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(root, "gen", name))
			if err != nil {
				t.Fatalf("%v: run `%s` and commit gen/", err, fixCommand)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("gen/%s is stale (it differs from a fresh bundle of schemas/ and spec/, first at line %d): run `%s` and commit gen/",
					name, firstDiffLine(got, want), fixCommand)
			}
		})
	}
}

// seed reads a seed name list of testdata/: one name a line, # comments and blank lines skipped.
func seed(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), " \r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("testdata/%s lists no names", name)
	}
	return out
}

func readYAML(t *testing.T, p string) *yaml.Node {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root, p))
	if err != nil {
		t.Fatalf("%v: run `%s`", err, fixCommand)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	if len(doc.Content) == 0 {
		t.Fatalf("%s is empty", p)
	}
	return doc.Content[0]
}

func seqValues(n *yaml.Node) []string {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	var out []string
	for _, c := range n.Content {
		out = append(out, c.Value)
	}
	return out
}

func firstDiffLine(a, b []byte) int {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := range min(len(la), len(lb)) {
		if !bytes.Equal(la[i], lb[i]) {
			return i + 1
		}
	}
	return min(len(la), len(lb)) + 1
}

// child returns the value of key in a mapping node, or nil.
func child(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// pairs calls fn for each key and value of a mapping node.
func pairs(n *yaml.Node, fn func(k, v *yaml.Node)) {
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		fn(n.Content[i], n.Content[i+1])
	}
}

// walk calls fn for n and every node below it.
func walk(n *yaml.Node, fn func(*yaml.Node)) {
	if n == nil {
		return
	}
	fn(n)
	for _, c := range n.Content {
		walk(c, fn)
	}
}

// schemaFile is one file of schemas/v1 with its documented examples: those of
// the schema itself and those of each $defs entry.
type schemaFile struct {
	rel      string // the path from the repository root, with forward slashes
	title    string
	examples []json.RawMessage
	defs     map[string][]json.RawMessage // $defs name -> its examples
}

// schemaFiles reads every schema file of schemas/v1, in path order.
func schemaFiles(t *testing.T) []schemaFile {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(root, "schemas", "v1", "*", "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no schema files: %v", err)
	}
	out := make([]schemaFile, 0, len(paths))
	for _, path := range paths {
		var schema struct {
			Title    string            `json:"title"`
			Examples []json.RawMessage `json:"examples"`
			Defs     map[string]struct {
				Examples []json.RawMessage `json:"examples"`
			} `json:"$defs"`
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &schema); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			t.Fatal(err)
		}
		f := schemaFile{rel: filepath.ToSlash(rel), title: schema.Title, examples: schema.Examples, defs: map[string][]json.RawMessage{}}
		for name, def := range schema.Defs {
			f.defs[name] = def.Examples
		}
		out = append(out, f)
	}
	return out
}
