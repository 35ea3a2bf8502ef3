package lint

import (
	"context"
	"fmt"
	"io/fs"
	"os"

	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/tools/internal/diag"
	"github.com/talkamie/contract/tools/internal/load"
)

// BundleFunc bundles a contract into one self-contained OpenAPI document (YAML or JSON).
type BundleFunc func(c *load.Contract) ([]byte, error)

// Options configures a lint run.
type Options struct {
	// Bundle produces the OpenAPI document the openapi-invalid rule validates with
	// kin-openapi. Nil skips that rule. An error that is a diag.List is reported finding by
	// finding; any other error becomes one openapi-invalid finding. Contract
	// calls it at most once, on another goroutine, and has returned from it when Contract
	// returns, so it may keep what it made for the caller.
	Bundle BundleFunc
}

// Dir loads the contract in dir and lints it. Load's findings (parse errors, duplicate
// keys) are part of the result. The error is only for a contract that could not be read.
func Dir(ctx context.Context, dir string, opts Options) (diag.List, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("lint: %w", err)
	}
	return FS(ctx, os.DirFS(dir), opts)
}

// FS loads the contract at the root of fsys and lints it, like Dir.
func FS(ctx context.Context, fsys fs.FS, opts Options) (diag.List, error) {
	c, findings, err := load.FS(fsys)
	if err != nil {
		return nil, fmt.Errorf("lint: %w", err)
	}
	out := append(findings, Contract(ctx, c, opts)...)
	out.Sort()
	return dedupe(out), nil
}

// Contract lints a loaded contract and returns its findings, sorted. It does not repeat
// the findings load returned.
func Contract(ctx context.Context, c *load.Contract, opts Options) diag.List {
	l := newLinter(ctx, c, opts)
	// Bundling and kin-openapi validation take as long as every other rule together and
	// only read the contract, so they run alongside.
	bundled := make(chan openAPIResult, 1)
	go func() { bundled <- checkOpenAPI(ctx, c, opts) }()
	for _, check := range []func(){
		l.checkRefs,
		l.checkSchemaFiles,
		l.checkSchemaSites,
		l.checkDefsNames,
		l.checkInlineObjects,
		l.checkUnused,
		l.checkOperations,
		l.checkExamples,
	} {
		if ctx.Err() != nil {
			l.out.Errorf("lint-cancelled", diag.Pos{}, "", "lint was cancelled: %v", ctx.Err())
			break
		}
		check()
	}
	l.mergeOpenAPI(<-bundled)
	l.out.Sort()
	return dedupe(l.out)
}

// dedupe drops findings identical to the previous one of a sorted list (a node reached
// through two sites is reported once).
func dedupe(l diag.List) diag.List {
	out := l[:0]
	for i, f := range l {
		if i > 0 && f == l[i-1] {
			continue
		}
		out = append(out, f)
	}
	return out
}

// linter holds the state of one run: the contract, its findings and the compiled schemas.
type linter struct {
	ctx  context.Context
	c    *load.Contract
	opts Options
	out  diag.List
	js   *compiler
	// sites are every schema position of the contract, in file order.
	sites []site
	// uncompilable remembers the compile errors already reported.
	uncompilable map[string]bool
}

// site is one schema position: a schema file's root or an inline schema in a spec file.
type site struct {
	f    *load.File
	ptr  string
	node *yaml.Node
	// inline is true for schemas inside OpenAPI / AsyncAPI documents (OpenAPI 3.0 keywords allowed).
	inline bool
}

func newLinter(ctx context.Context, c *load.Contract, opts Options) *linter {
	l := &linter{ctx: ctx, c: c, opts: opts}
	l.js = newCompiler(c)
	for _, f := range c.Files() {
		if f.Root == nil {
			continue
		}
		switch f.Kind {
		case load.KindSchema:
			l.sites = append(l.sites, site{f: f, ptr: "", node: f.Root})
		case load.KindOpenAPI, load.KindPaths:
			l.sites = append(l.sites, openAPISites(f)...)
		case load.KindAsyncAPI:
			l.sites = append(l.sites, asyncAPISites(f)...)
		}
	}
	return l
}

// nodeAt returns the deepest node found by following tokens from base (at basePtr),
// with its pointer: the value a finding about that location should point at.
func nodeAt(base *yaml.Node, basePtr string, tokens []string) (*yaml.Node, string) {
	n, ptr := base, basePtr
	for _, tok := range tokens {
		next := load.Child(n, tok)
		if next == nil {
			break
		}
		n, ptr = next, ptr+"/"+load.EscapeToken(tok)
	}
	return n, ptr
}
