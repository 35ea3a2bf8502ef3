package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/talkamie/contract/tools/internal/bundle"
	"github.com/talkamie/contract/tools/internal/diag"
	"github.com/talkamie/contract/tools/internal/lint"
	"github.com/talkamie/contract/tools/internal/load"
	"github.com/talkamie/contract/tools/internal/report"
)

// lintUsage is the text of `contract lint -h` above the flags.
const lintUsage = "usage: contract lint [--dir .] [--format text] [--path-prefix dir]\n       contract lint --example raw.json [--example ...] [--repair] [--format text]\n\nChecks schemas/ and spec/ and reports each problem as file:line:col: severity code: message.\nWith --example, checks raw JSON examples instead (doubled quotes, trailing commas, single quotes,\nduplicate keys, JSON nested in a string, missing braces, ...) and names the fix of each defect.\nExit status: 0 clean or warnings only, 1 on any error, 2 when lint could not run.\n\nflags:"

// runLint checks a contract directory and prints every finding. It exits 0 when there are
// no errors (warnings allowed), 1 on any error, 2 when it could not run.
func runLint(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("lint", lintUsage, stderr)
	dir := fs.String("dir", ".", "the contract directory (holding schemas/ and spec/)")
	var formats []string
	for _, f := range report.Formats() {
		formats = append(formats, string(f))
	}
	format := fs.String("format", "text", "output format: "+strings.Join(formats, ", "))
	prefix := fs.String("path-prefix", "", "prefix for file paths in the output (the contract directory relative to the repository root, for CI annotations)")
	var examples []string
	fs.Func("example", "check this raw JSON example copied from API documentation instead of a contract: each defect with its fix (repeatable)", func(p string) error {
		examples = append(examples, p)
		return nil
	})
	repair := fs.Bool("repair", false, "with --example: print each repaired example to stdout and the findings to stderr")
	if done, err := parseFlags(fs, args); done {
		return err
	}
	f, err := report.ParseFormat(*format)
	if err != nil {
		return fmt.Errorf("lint: %w", err)
	}
	if len(examples) > 0 {
		return lintExamples(examples, *repair, f, *prefix, stdout, stderr)
	}
	if *repair {
		fs.Usage()
		return fmt.Errorf("lint: --repair needs --example")
	}
	findings, err := lint.Dir(ctx, *dir, lint.Options{Bundle: bundleOpenAPI})
	if err != nil {
		return err
	}
	var rules []report.Rule
	for _, r := range lint.Rules() {
		rules = append(rules, report.Rule{Code: r.Code, Summary: r.Summary})
	}
	if err := report.Write(stdout, f, findings, report.Options{Tool: "contract lint", Rules: rules, PathPrefix: *prefix}); err != nil {
		return fmt.Errorf("lint: %w", err)
	}
	if findings.HasErrors() {
		return exitError{1}
	}
	return nil
}

// lintExamples checks raw JSON examples (lint --example) and reports their defects; with
// repair it prints each repaired example to stdout and the findings to stderr.
func lintExamples(paths []string, repair bool, f report.Format, prefix string, stdout, stderr io.Writer) error {
	var findings diag.List
	var repaired [][]byte
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("lint: %w", err)
		}
		res := lint.RawExample(filepath.ToSlash(p), src)
		findings = append(findings, res.Findings...)
		repaired = append(repaired, res.Repaired)
	}
	var rules []report.Rule
	for _, r := range lint.ExampleRules() {
		rules = append(rules, report.Rule{Code: r.Code, Summary: r.Summary})
	}
	out := stdout
	if repair {
		out = stderr
		for _, r := range repaired {
			if _, err := stdout.Write(r); err != nil {
				return fmt.Errorf("lint: %w", err)
			}
		}
	}
	if err := report.Write(out, f, findings, report.Options{Tool: "contract lint", Rules: rules, PathPrefix: prefix}); err != nil {
		return fmt.Errorf("lint: %w", err)
	}
	if findings.HasErrors() {
		return exitError{1}
	}
	return nil
}

// bundleOpenAPI is the bundler lint validates with kin-openapi (rule openapi-invalid).
func bundleOpenAPI(c *load.Contract) ([]byte, error) {
	r, err := bundle.Bundle(c)
	if err != nil {
		return nil, err
	}
	return r.OpenAPI, nil
}
