package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/talkamie/contract/tools/internal/codegen"
	"github.com/talkamie/contract/tools/internal/diag"
)

// modelsImport is the import path of the generated models package, which gen/wsmsg decodes into.
const modelsImport = "github.com/talkamie/contract/gen/models"

// diffContextLines and diffMaxLines keep --check's diffs short enough to read in a CI log.
const (
	diffContextLines = 2
	diffMaxLines     = 40
)

// genUsage is the text of `contract gen -h` above the flags.
const genUsage = "usage: contract gen [--dir .] [--check]\n\n" +
	"Bundles the contract and generates every file under gen/: openapi.yaml, asyncapi.yaml,\n" +
	"embed.gen.go and the Go packages configured by gen/<package>/oapi-codegen.yaml.\n" +
	"Exit status: 0 done (or fresh with --check), 1 contract errors or stale files, 2 could not run.\n\nflags:"

// runGen renders everything under gen/ (the bundle, the embedded bundle and the Go
// packages) in memory, then writes what changed, or with --check reports what is stale.
func runGen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("gen", genUsage, stderr)
	dir := fs.String("dir", ".", "the contract directory (with schemas/, spec/ and gen/)")
	check := fs.Bool("check", false, "write nothing; list stale or missing files and exit 1 if any")
	if done, err := parseFlags(fs, args); done {
		return err
	}
	files, findings, err := renderAll(ctx, *dir)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	if findings.HasErrors() {
		return reportFindings(stderr, findings)
	}
	if *check {
		return checkFiles(stdout, *dir, files)
	}
	for _, f := range files {
		p := filepath.Join(*dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("gen: %w", err)
		}
		changed, err := writeIfChanged(p, f.Data)
		if err != nil {
			return fmt.Errorf("gen: %w", err)
		}
		if changed {
			fmt.Fprintf(stdout, "wrote %s\n", f.Path)
		}
	}
	fmt.Fprintf(stdout, "gen: %d files up to date\n", len(files))
	return nil
}

// renderAll renders every generated file of the contract in dir, in memory.
func renderAll(ctx context.Context, dir string) ([]codegen.File, diag.List, error) {
	res, findings, err := loadBundle(dir)
	if err != nil || findings.HasErrors() {
		return nil, findings, err
	}
	files := []codegen.File{
		{Path: "gen/openapi.yaml", Data: res.OpenAPI},
		{Path: "gen/embed.gen.go", Data: embedSource(res)},
	}
	if res.AsyncAPI != nil {
		files = append(files, codegen.File{Path: "gen/asyncapi.yaml", Data: res.AsyncAPI})
	}
	goFiles, err := codegen.Render(ctx, os.DirFS(dir), "gen", res.OpenAPI, res.Hash)
	if err != nil {
		return nil, nil, err
	}
	files = append(files, goFiles...)
	if res.AsyncAPI != nil && hasPackage(dir, "gen/wsmsg") {
		src, err := codegen.RenderWS(res.AsyncAPI, res.Hash, modelsImport)
		if err != nil {
			return nil, nil, err
		}
		files = append(files, codegen.File{Path: "gen/wsmsg/wsmsg.gen.go", Data: src})
	}
	return files, findings, nil
}

// hasPackage reports whether the contract keeps a generated package folder (with its doc.go).
func hasPackage(dir, pkg string) bool {
	_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(pkg), "doc.go"))
	return err == nil
}

// checkFiles compares rendered files with the ones on disk and reports each stale or
// missing one with a short diff and the command that fixes it.
func checkFiles(w io.Writer, dir string, files []codegen.File) error {
	stale := 0
	for _, f := range files {
		old, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		switch {
		case errors.Is(err, os.ErrNotExist):
			stale++
			fmt.Fprintf(w, "missing %s\n", f.Path)
		case err != nil:
			return fmt.Errorf("gen: %w", err)
		case !bytes.Equal(old, f.Data):
			stale++
			fmt.Fprintf(w, "stale %s\n%s", f.Path, shortDiff(f.Path, old, f.Data))
		}
	}
	if stale == 0 {
		fmt.Fprintf(w, "gen: %d generated files are fresh\n", len(files))
		return nil
	}
	fmt.Fprintf(w, "gen: %d of %d generated files are stale; run `make gen` (go run ./tools/cmd/contract gen) and commit the result\n", stale, len(files))
	return exitError{1}
}

// shortDiff returns a unified diff of a generated file, cut to diffMaxLines lines.
func shortDiff(name string, old, new []byte) string {
	text, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A:        difflib.SplitLines(string(old)),
		B:        difflib.SplitLines(string(new)),
		FromFile: path.Join("a", name),
		ToFile:   path.Join("b", name),
		Context:  diffContextLines,
	})
	if err != nil {
		return fmt.Sprintf("  (no diff: %v)\n", err)
	}
	lines := strings.SplitAfter(text, "\n")
	if len(lines) > diffMaxLines {
		return strings.Join(lines[:diffMaxLines], "") + fmt.Sprintf("  ... %d more diff lines\n", len(lines)-diffMaxLines)
	}
	return text
}
