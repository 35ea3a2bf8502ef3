package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/talkamie/contract/mock"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// repoRoot is the repository root, seen from this package.
const repoRoot = "../.."

// cliEnv names the environment variable TestMain passes the built `contract` binary in.
// The tools' packages live under tools/internal, which this package may not import, so
// these tests drive the CLI the way a team using the toolkit does.
const cliEnv = "CONTRACT_E2E_CLI"

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

// runTests builds the contract CLI into a temporary folder, runs the tests and removes it.
func runTests(m *testing.M) int {
	flag.Parse()
	dir, err := os.MkdirTemp("", "contract-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 2
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "contract")
	build := exec.Command("go", "build", "-o", bin, "./tools/cmd/contract")
	build.Dir = repoRoot
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: build the contract CLI: %v\n%s", err, out)
		return 2
	}
	if err := os.Setenv(cliEnv, bin); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 2
	}
	return m.Run()
}

// cliResult is what one run of the CLI printed and its exit status.
type cliResult struct {
	stdout, stderr string
	code           int
}

// contract runs the CLI with args from the repository root.
func contract(t *testing.T, args ...string) cliResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Getenv(cliEnv), args...)
	cmd.Dir = repoRoot
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return cliResult{stdout.String(), stderr.String(), ee.ExitCode()}
	case err != nil:
		t.Fatalf("contract %s: %v", strings.Join(args, " "), err)
	}
	return cliResult{stdout.String(), stderr.String(), 0}
}

// exampleContract is one contract under examples/ and what the tests send it.
type exampleContract struct {
	name string
	// credential is verify's token: the value of an apiKey header, or a bearer token ("" without security).
	credential string
	// headers authenticate a request to bodyOp (and carry its required headers).
	headers map[string]string
	// bodyOp is an operation that takes a JSON body: method and path below the base path.
	bodyOp string
}

// exampleContracts lists the contracts under examples/ (TestExampleContractsAreListed keeps it complete).
func exampleContracts() []exampleContract {
	return []exampleContract{
		{
			name:       "digipay",
			credential: "Token duik7309njdlkhdauhknksadhjkas986876sd873j",
			headers:    map[string]string{"Authorization": "Token duik7309njdlkhdauhknksadhjkas986876sd873j", "CompanyID": "7753ad6bd8cf48f5b1312fd21eb36588"},
			bodyOp:     "POST /transaction/wallet_topup",
		},
		{
			name:       "getourvoice",
			credential: "gov_live_4f9c2a",
			headers:    map[string]string{"Authorization": "Bearer gov_live_4f9c2a"},
			bodyOp:     "POST /transactions/topUpBalance",
		},
		{
			name:   "wallet-topup-credit-card",
			bodyOp: "POST /Transaction/TopupCreditCard",
		},
	}
}

// exampleDir is the example's folder relative to the repository root (where the CLI runs).
func exampleDir(name string) string { return path.Join("examples", name) }

// TestExampleContractsAreListed fails when a folder under examples/ holds a contract the
// tests below do not cover.
func TestExampleContractsAreListed(t *testing.T) {
	roots, err := filepath.Glob(filepath.Join(repoRoot, "examples", "*", "spec", "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var found, listed []string
	for _, r := range roots {
		found = append(found, filepath.Base(filepath.Dir(filepath.Dir(r))))
	}
	for _, c := range exampleContracts() {
		listed = append(listed, c.name)
	}
	slices.Sort(found)
	if !slices.Equal(found, listed) {
		t.Errorf("examples/ holds %v, the tests list %v", found, listed)
	}
}

// bundleExample bundles an example contract with `contract bundle` and returns its
// OpenAPI document.
func bundleExample(t *testing.T, name string) []byte {
	t.Helper()
	out := t.TempDir()
	if r := contract(t, "bundle", "--dir", exampleDir(name), "--out", out); r.code != 0 {
		t.Fatalf("contract bundle: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	doc, err := os.ReadFile(filepath.Join(out, "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestExampleContractsLint: `contract lint --dir examples/<name>` is clean: no error, no warning.
func TestExampleContractsLint(t *testing.T) {
	for _, ex := range exampleContracts() {
		t.Run(ex.name, func(t *testing.T) {
			r := contract(t, "lint", "--dir", exampleDir(ex.name))
			if r.code != 0 || r.stdout != "no problems\n" {
				t.Errorf("contract lint --dir %s: exit %d\n%s%s", exampleDir(ex.name), r.code, r.stdout, r.stderr)
			}
		})
	}
}

// newExampleMock serves an example contract's mock over httptest.
func newExampleMock(t *testing.T, name string) (*mock.Mock, *httptest.Server) {
	t.Helper()
	m, err := mock.New(mock.Spec{OpenAPI: bundleExample(t, name)})
	if err != nil {
		t.Fatalf("mock.New: %v", err)
	}
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return m, srv
}

// verifyReport is the part of `contract verify --format json` the tests read.
type verifyReport struct {
	Checks []struct {
		ID     string `json:"id"`
		Kind   string `json:"kind"`
		Result string `json:"result"`
	} `json:"checks"`
	Operations []struct {
		Name   string `json:"name"`
		Result string `json:"result"`
	} `json:"operations"`
	Coverage struct {
		Operations    int `json:"operations"`
		Implemented   int `json:"implemented"`
		Unimplemented int `json:"unimplemented"`
		Statuses      int `json:"statuses"`
		StatusesSeen  int `json:"statusesSeen"`
	} `json:"coverage"`
}

// TestExampleContractsVerifyAgainstMock: `contract verify --contract-dir examples/<name>`
// passes against the example's mock (mock.New over httptest, as `contract mock --dir`
// serves it): every documented example and every negative check of every operation, with
// every operation implemented.
func TestExampleContractsVerifyAgainstMock(t *testing.T) {
	for _, ex := range exampleContracts() {
		t.Run(ex.name, func(t *testing.T) {
			_, srv := newExampleMock(t, ex.name)
			args := []string{"verify", "--contract-dir", exampleDir(ex.name), "--target", srv.URL}
			if ex.credential != "" {
				args = append(args, "--token", ex.credential)
			}
			r := contract(t, append(args, "--format", "json")...)
			if r.code != 0 {
				text := contract(t, append(args, "--format", "text")...)
				t.Fatalf("contract verify: exit %d\n%s%s", r.code, text.stdout, r.stderr)
			}
			var rep verifyReport
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
				t.Fatalf("verify's JSON report: %v\n%s", err, r.stdout)
			}
			cov := rep.Coverage
			if cov.Operations == 0 || cov.Implemented != cov.Operations || cov.Unimplemented != 0 {
				t.Errorf("coverage: %d operations, %d implemented, %d unimplemented; want all implemented", cov.Operations, cov.Implemented, cov.Unimplemented)
			}
			for _, u := range rep.Operations {
				if u.Result != "pass" {
					t.Errorf("operation %s: %s, want pass", u.Name, u.Result)
				}
			}
			kinds := map[string]bool{}
			for _, c := range rep.Checks {
				kinds[c.Kind] = true
				if c.Result != "pass" {
					t.Errorf("check %s: %s, want pass", c.ID, c.Result)
				}
			}
			want := []string{"example", "missing-field", "wrong-type"}
			if ex.credential != "" {
				want = append(want, "missing-bearer")
			}
			for _, k := range want {
				if !kinds[k] {
					t.Errorf("verify ran no %s check", k)
				}
			}
			t.Logf("%s: %d checks, %d operations, statuses seen %d of %d", ex.name, len(rep.Checks), cov.Operations, cov.StatusesSeen, cov.Statuses)
		})
	}
}

// TestExampleContractsErrorEnvelope: the mock answers every error in the contract's own
// envelope (x-error-envelope): each body validates against the declared schema and matches
// its golden file (testdata/examples/<name>/<case>.json).
func TestExampleContractsErrorEnvelope(t *testing.T) {
	for _, ex := range exampleContracts() {
		t.Run(ex.name, func(t *testing.T) {
			m, srv := newExampleMock(t, ex.name)
			method, opPath, _ := strings.Cut(ex.bodyOp, " ")
			url := srv.URL + m.BasePath() + opPath
			type errorCase struct {
				name   string
				method string
				url    string
				body   string
				auth   bool
				status int
			}
			cases := []errorCase{
				{"malformed-json", method, url, `{"a": 1,}`, true, http.StatusBadRequest},
				{"validation-failed", method, url, `{"unknown_field": true}`, true, http.StatusUnprocessableEntity},
				{"unknown-path", http.MethodGet, srv.URL + m.BasePath() + "/no/such/path", "", true, http.StatusNotFound},
			}
			if len(ex.headers) > 0 {
				cases = append(cases, errorCase{"missing-credentials", method, url, `{}`, false, http.StatusUnauthorized})
			}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					req, err := http.NewRequest(tc.method, tc.url, strings.NewReader(tc.body))
					if err != nil {
						t.Fatal(err)
					}
					if tc.body != "" {
						req.Header.Set("Content-Type", "application/json")
					}
					if tc.auth {
						for k, v := range ex.headers {
							req.Header.Set(k, v)
						}
					}
					resp, err := srv.Client().Do(req)
					if err != nil {
						t.Fatal(err)
					}
					defer resp.Body.Close()
					var body bytes.Buffer
					if _, err := body.ReadFrom(resp.Body); err != nil {
						t.Fatal(err)
					}
					if resp.StatusCode != tc.status {
						t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, body.String())
					}
					var v any
					if err := json.Unmarshal(body.Bytes(), &v); err != nil {
						t.Fatalf("the error body is not JSON: %v", err)
					}
					if err := m.ErrorSchema().VisitJSON(v, openapi3.MultiErrors()); err != nil {
						t.Errorf("the error body breaks the contract's error envelope: %v\n%s", err, body.String())
					}
					var pretty bytes.Buffer
					if err := json.Indent(&pretty, body.Bytes(), "", "  "); err != nil {
						t.Fatal(err)
					}
					pretty.WriteByte('\n')
					golden(t, filepath.Join("testdata", "examples", ex.name, tc.name+".json"), pretty.Bytes())
				})
			}
		})
	}
}

// TestExampleContractsKeepTheRawExamples: each raw example under examples/<name>/raw/ is
// the source of exactly one example of the contract (x-raw), the lint scanner repairs it
// into valid JSON, and the repaired value equals the contract's example except at the
// JSON pointers the example lists in x-edited (fixes beyond syntax, explained in x-repaired).
func TestExampleContractsKeepTheRawExamples(t *testing.T) {
	for _, ex := range exampleContracts() {
		t.Run(ex.name, func(t *testing.T) {
			doc, err := openapi3.NewLoader().LoadFromData(bundleExample(t, ex.name))
			if err != nil {
				t.Fatal(err)
			}
			raws, err := filepath.Glob(filepath.Join(repoRoot, exampleDir(ex.name), "raw", "*.json"))
			if err != nil {
				t.Fatal(err)
			}
			// An example shared through components is reached from several operations; it
			// is checked once.
			used := map[string]*openapi3.Example{}
			for _, sx := range specExamples(doc) {
				rawPath, _ := sx.ex.Extensions["x-raw"].(string)
				if rawPath == "" {
					continue
				}
				if prev, dup := used[rawPath]; dup {
					if prev != sx.ex {
						t.Errorf("%s is the raw file of two examples, one of them %s", rawPath, sx.where)
					}
					continue
				}
				used[rawPath] = sx.ex
				// --repair prints the repaired example to stdout and the findings to stderr;
				// exit 1 means the raw example has defects, 0 that it has none.
				r := contract(t, "lint", "--example", path.Join(exampleDir(ex.name), rawPath), "--repair")
				if r.code > 1 {
					t.Errorf("%s: contract lint --example %s: exit %d\n%s", sx.where, rawPath, r.code, r.stderr)
					continue
				}
				var repaired any
				if err := json.Unmarshal([]byte(r.stdout), &repaired); err != nil {
					t.Errorf("%s: the repaired %s is not JSON: %v\n%s", sx.where, rawPath, err, r.stderr)
					continue
				}
				if strings.Contains(r.stderr, "json-unrepairable") {
					t.Errorf("%s: %s cannot be repaired:\n%s", sx.where, rawPath, r.stderr)
				}
				if r.code == 1 && sx.ex.Extensions["x-repaired"] == nil {
					t.Errorf("%s: %s has defects but the example has no x-repaired note:\n%s", sx.where, rawPath, r.stderr)
				}
				edited := map[string]bool{}
				if list, ok := sx.ex.Extensions["x-edited"].([]any); ok {
					for _, p := range list {
						edited[fmt.Sprint(p)] = true
					}
				}
				var diffs []string
				diffValues("", repaired, sx.ex.Value, &diffs)
				for _, d := range diffs {
					if !edited[d] {
						t.Errorf("%s differs from the repaired %s at %q, which x-edited does not list", sx.where, rawPath, d)
					}
					delete(edited, d)
				}
				for p := range edited {
					t.Errorf("%s: x-edited lists %q, but the example equals the repaired %s there", sx.where, p, rawPath)
				}
			}
			for _, r := range raws {
				rel := "raw/" + filepath.Base(r)
				if _, ok := used[rel]; !ok {
					t.Errorf("%s is the x-raw of no example", rel)
				}
			}
		})
	}
}

// specExample is one request or response example of a document.
type specExample struct {
	where string
	ex    *openapi3.Example
}

// specExamples lists the named request-body and response examples of every operation.
func specExamples(doc *openapi3.T) []specExample {
	var out []specExample
	for _, p := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Value(p).Operations() {
			where := method + " " + p
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, mt := range op.RequestBody.Value.Content {
					for name, ex := range mt.Examples {
						if ex != nil && ex.Value != nil {
							out = append(out, specExample{where + " request " + name, ex.Value})
						}
					}
				}
			}
			for code, r := range op.Responses.Map() {
				if r == nil || r.Value == nil {
					continue
				}
				for _, mt := range r.Value.Content {
					for name, ex := range mt.Examples {
						if ex != nil && ex.Value != nil {
							out = append(out, specExample{where + " " + code + " " + name, ex.Value})
						}
					}
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b specExample) int { return strings.Compare(a.where, b.where) })
	return out
}

// diffValues appends the JSON pointers where a and b (decoded JSON values) differ.
func diffValues(ptr string, a, b any, out *[]string) {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		keys := map[string]bool{}
		for k := range am {
			keys[k] = true
		}
		for k := range bm {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		slices.Sort(sorted)
		for _, k := range sorted {
			diffValues(ptr+"/"+strings.NewReplacer("~", "~0", "/", "~1").Replace(k), am[k], bm[k], out)
		}
		return
	}
	as, aok := a.([]any)
	bs, bok := b.([]any)
	if aok && bok && len(as) == len(bs) {
		for i := range as {
			diffValues(fmt.Sprintf("%s/%d", ptr, i), as[i], bs[i], out)
		}
		return
	}
	if !reflect.DeepEqual(a, b) {
		*out = append(*out, ptr)
	}
}

// TestExampleContractsGenerate: `contract gen` renders a server and a client package for
// each example (examples/<name>/gen/*/oapi-codegen.yaml), and all of them compile. Each
// contract is copied into a scratch folder inside this module and generated there, then
// one `go build` compiles the nine packages, with the module's pinned requirements. The
// folder's name starts with "_", so `./...` patterns of colleagues never see it.
func TestExampleContractsGenerate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds generated code; skipped with -short")
	}
	scratch, err := os.MkdirTemp(".", "_gen-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(scratch) })
	scratchFromRoot := path.Join("internal/e2e", filepath.ToSlash(scratch))
	for _, ex := range exampleContracts() {
		dst := filepath.Join(scratch, ex.name)
		if err := os.CopyFS(dst, os.DirFS(filepath.Join(repoRoot, exampleDir(ex.name)))); err != nil {
			t.Fatal(err)
		}
		r := contract(t, "gen", "--dir", path.Join(scratchFromRoot, ex.name))
		if r.code != 0 {
			t.Fatalf("contract gen --dir %s: exit %d\n%s%s", ex.name, r.code, r.stdout, r.stderr)
		}
		for _, want := range []string{"gen/restapi/restapi.gen.go", "gen/restclient/restclient.gen.go", "gen/openapi.yaml"} {
			if _, err := os.Stat(filepath.Join(dst, filepath.FromSlash(want))); err != nil {
				t.Errorf("%s: contract gen did not write %s:\n%s", ex.name, want, r.stdout)
			}
		}
	}
	// The packages are named one by one: a "..." pattern skips folders starting with "_".
	var pkgs []string
	err = filepath.WalkDir(scratch, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
			pkg := "./" + path.Join("internal/e2e", filepath.ToSlash(filepath.Dir(p)))
			if !slices.Contains(pkgs, pkg) {
				pkgs = append(pkgs, pkg)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// gen/ (the embedded bundle), gen/restapi and gen/restclient of each example.
	if want := 3 * len(exampleContracts()); len(pkgs) != want {
		t.Fatalf("contract gen wrote %d packages, want %d: %v", len(pkgs), want, pkgs)
	}
	// -mod=readonly: the generated code must build with the module's pinned requirements.
	cmd := exec.Command("go", append([]string{"build", "-mod=readonly"}, pkgs...)...)
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
}

func golden(t *testing.T, p string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs:\n--- got\n%s--- want\n%s", p, got, want)
	}
}
