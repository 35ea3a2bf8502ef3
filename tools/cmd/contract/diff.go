package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/talkamie/contract/tools/internal/diag"
	"github.com/talkamie/contract/tools/internal/diff"
	"github.com/talkamie/contract/tools/internal/gitsrc"
	"github.com/talkamie/contract/tools/internal/load"
)

const diffUsage = `usage: contract diff --base <ref-or-dir> [--head <ref-or-dir>] [flags]

Compares two versions of the contract and reports the changes that break existing
clients: REST through oasdiff, the WebSocket channel by action and direction
(client-to-server frames are checked like request bodies, server-to-client frames
like responses; removed actions and aliases are breaking).

--base and --head each name a directory holding schemas/ and spec/, or a git revision
(main, origin/main, a commit) of the repository holding --dir, read with git plumbing
without touching the work tree. An existing directory wins over a revision of the same name.

Accepted breaks are read from --accepted (fingerprint, reason, expires); an expired
entry stops suppressing its finding and is reported.

Exit status:
  0  no breaking change (or only accepted ones, warnings and compatible changes)
  1  at least one breaking change that is not accepted (or whose acceptance expired)
  2  diff could not run (bad flags, unknown revision, a side that does not load or bundle,
     a malformed accepted-breaks file)

flags:`

// runDiff compares two versions of the contract. It exits 0 when nothing breaks (accepted
// breaks, warnings and compatible changes allowed), 1 on a breaking change, 2 when it could not run.
func runDiff(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fset := newFlagSet("diff", diffUsage, stderr)
	dir := fset.String("dir", ".", "the contract directory: where git revisions are read from, and the default head")
	base := fset.String("base", "", "the base version: a directory or a git revision (required)")
	head := fset.String("head", "", "the head version: a directory or a git revision (default: --dir, the work tree)")
	var formats []string
	for _, f := range diff.Formats() {
		formats = append(formats, string(f))
	}
	format := fset.String("format", "text", "output format: "+strings.Join(formats, ", "))
	accepted := fset.String("accepted", "", "the accepted-breaks file (default: --dir/"+diff.DefaultAcceptedFile+", if present)")
	minLevel := fset.String("min-level", "info", "leave out findings below this level: info, warning or error (the exit status still counts every finding)")
	prefix := fset.String("path-prefix", "", "prefix for file paths in the output (the contract directory relative to the repository root, for CI annotations)")
	if done, err := parseFlags(fset, args, "base"); done {
		return err
	}
	f, err := diff.ParseFormat(*format)
	if err != nil {
		return fmt.Errorf("diff: %w", err)
	}
	var level diag.Severity
	if err := level.UnmarshalText([]byte(*minLevel)); err != nil {
		return fmt.Errorf("diff: --min-level: %w", err)
	}
	if *head == "" {
		*head = *dir
	}
	bc, err := openContract(ctx, *dir, *base)
	if err != nil {
		return fmt.Errorf("diff: base: %w", err)
	}
	hc, err := openContract(ctx, *dir, *head)
	if err != nil {
		return fmt.Errorf("diff: head: %w", err)
	}
	list, err := readAccepted(*dir, *accepted)
	if err != nil {
		return fmt.Errorf("diff: %w", err)
	}
	res, err := diff.Compare(bc, hc, diff.Options{Accepted: list})
	if err != nil {
		return fmt.Errorf("diff: %w", err)
	}
	opts := diff.WriteOptions{Base: *base, Head: *head, PathPrefix: *prefix, MinLevel: level}
	if err := diff.Write(stdout, f, res, opts); err != nil {
		return fmt.Errorf("diff: %w", err)
	}
	if res.Breaking() > 0 {
		return exitError{1}
	}
	return nil
}

// openContract loads a contract from a directory, or from a git revision of the repository
// holding dir.
func openContract(ctx context.Context, dir, spec string) (*load.Contract, error) {
	var (
		c        *load.Contract
		findings diag.List
		err      error
	)
	if st, statErr := os.Stat(spec); statErr == nil && st.IsDir() {
		c, findings, err = load.Dir(spec)
	} else {
		var fsys fs.FS
		fsys, err = gitsrc.Open(ctx, dir, spec, "schemas", "spec")
		if errors.Is(err, gitsrc.ErrNotARef) {
			return nil, fmt.Errorf("%q is neither a directory nor a git revision", spec)
		}
		if err == nil {
			c, findings, err = load.FS(fsys)
		}
	}
	if err != nil {
		return nil, err
	}
	if findings.HasErrors() {
		findings.Sort()
		return nil, fmt.Errorf("%s does not load: %w", spec, findings)
	}
	return c, nil
}

// readAccepted reads the accepted-breaks file. The default file may be missing; a file named
// with --accepted must exist.
func readAccepted(dir, file string) (*diff.AcceptedList, error) {
	explicit := file != ""
	if !explicit {
		file = filepath.Join(dir, filepath.FromSlash(diff.DefaultAcceptedFile))
	}
	data, err := os.ReadFile(file)
	if err != nil {
		if !explicit && errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	return diff.ParseAccepted(filepath.ToSlash(file), data)
}
