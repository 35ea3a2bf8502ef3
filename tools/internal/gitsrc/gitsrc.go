package gitsrc

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path"
	"strconv"
	"strings"
	"testing/fstest"
)

// ErrNotARef is returned (wrapped) when a name is not a commit of the repository.
var ErrNotARef = errors.New("not a git revision")

// IsRef reports whether rev names a commit in the git repository holding dir.
func IsRef(ctx context.Context, dir, rev string) bool {
	if rev == "" || strings.HasPrefix(rev, "-") {
		return false
	}
	_, err := git(ctx, dir, nil, "rev-parse", "--verify", "--quiet", rev+"^{commit}")
	return err == nil
}

// Open reads the tree of revision rev into memory. The tree read is the one of
// the directory dir inside its repository (so a contract in a subfolder of a
// repository is read from the same subfolder at rev), limited to the folders
// named in roots (every file when roots is empty). Paths in the result are
// slash-separated and relative to dir.
func Open(ctx context.Context, dir, rev string, roots ...string) (fstest.MapFS, error) {
	if !IsRef(ctx, dir, rev) {
		return nil, fmt.Errorf("gitsrc: %q: %w", rev, ErrNotARef)
	}
	loc, err := git(ctx, dir, nil, "rev-parse", "--show-toplevel", "--show-prefix")
	if err != nil {
		return nil, fmt.Errorf("gitsrc: %w", err)
	}
	lines := strings.Split(strings.TrimRight(string(loc), "\n"), "\n")
	top, prefix := lines[0], ""
	if len(lines) > 1 {
		prefix = strings.TrimSuffix(lines[1], "/")
	}
	// ls-tree lists a tree relative to itself when run at the top of the work tree.
	args := []string{"ls-tree", "-r", "-z", rev + ":" + prefix}
	if len(roots) > 0 {
		args = append(args, "--")
		args = append(args, roots...)
	}
	listing, err := git(ctx, top, nil, args...)
	if err != nil {
		return nil, fmt.Errorf("gitsrc: list %s: %w", rev, err)
	}
	entries, err := parseTree(listing)
	if err != nil {
		return nil, fmt.Errorf("gitsrc: list %s: %w", rev, err)
	}
	fsys := fstest.MapFS{}
	if len(entries) == 0 {
		return fsys, nil
	}
	var req bytes.Buffer
	for _, e := range entries {
		req.WriteString(e.object)
		req.WriteByte('\n')
	}
	blobs, err := git(ctx, top, &req, "cat-file", "--batch")
	if err != nil {
		return nil, fmt.Errorf("gitsrc: read %s: %w", rev, err)
	}
	if err := readBatch(blobs, entries, fsys); err != nil {
		return nil, fmt.Errorf("gitsrc: read %s: %w", rev, err)
	}
	return fsys, nil
}

// entry is one blob of a tree listing.
type entry struct {
	object string
	path   string
}

// parseTree reads `git ls-tree -r -z` output: "<mode> <type> <object>\t<path>\0" records.
// Submodules (commits) and symbolic links are skipped: a contract is plain files.
func parseTree(out []byte) ([]entry, error) {
	var entries []entry
	for rec := range bytes.SplitSeq(out, []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		meta, p, ok := bytes.Cut(rec, []byte{'\t'})
		fields := strings.Fields(string(meta))
		if !ok || len(fields) != 3 {
			return nil, fmt.Errorf("unexpected ls-tree record %q", rec)
		}
		if fields[1] != "blob" || fields[0] == "120000" {
			continue
		}
		entries = append(entries, entry{object: fields[2], path: path.Clean(string(p))})
	}
	return entries, nil
}

// readBatch reads `git cat-file --batch` output ("<object> <type> <size>\n<content>\n" per
// request, in request order) into fsys.
func readBatch(out []byte, entries []entry, fsys fstest.MapFS) error {
	r := bufio.NewReader(bytes.NewReader(out))
	for _, e := range entries {
		header, err := r.ReadString('\n')
		if err != nil {
			return fmt.Errorf("object %s: %w", e.object, err)
		}
		fields := strings.Fields(header)
		if len(fields) != 3 {
			return fmt.Errorf("object %s: unexpected header %q", e.object, strings.TrimSpace(header))
		}
		size, err := strconv.Atoi(fields[2])
		if err != nil {
			return fmt.Errorf("object %s: bad size %q", e.object, fields[2])
		}
		data := make([]byte, size)
		if _, err := io.ReadFull(r, data); err != nil {
			return fmt.Errorf("object %s: %w", e.object, err)
		}
		if _, err := r.Discard(1); err != nil {
			return fmt.Errorf("object %s: %w", e.object, err)
		}
		fsys[e.path] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	return nil
}

// git runs a git command in dir and returns its standard output.
func git(ctx context.Context, dir string, stdin io.Reader, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			return nil, fmt.Errorf("git %s: %w", args[0], err)
		}
		return nil, fmt.Errorf("git %s: %s", args[0], msg)
	}
	return stdout.Bytes(), nil
}
