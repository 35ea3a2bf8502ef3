package main

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// diffRepo copies the diff corpus fixture into a fresh git repository with one commit.
func diffRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	src := filepath.Join("..", "..", "internal", "diff", "testdata", "fixture")
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), raw, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"init", "-q", "-b", "main"}, {"add", "."},
		{"-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "base"},
	} {
		if out, err := exec.Command("git", append([]string{"-C", dst}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return dst
}

// editFile replaces old with new in a file of dir.
func editFile(t *testing.T, dir, file, old, new string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(file))
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte(old)) {
		t.Fatalf("%s has no %q", file, old)
	}
	if err := os.WriteFile(p, bytes.Replace(raw, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRunDiff(t *testing.T) {
	dir := diffRepo(t)
	// A breaking change in the work tree: the `create-item` alias is removed.
	editFile(t, dir, "spec/asyncapi.yaml", "      x-aliases: [create-item]\n", "")
	head, err := os.ReadFile(filepath.Join(dir, "spec/asyncapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	err = run(context.Background(), []string{"diff", "--dir", dir, "--base", "HEAD", "--format", "json"}, &out, &out)
	var ee exitError
	if !errors.As(err, &ee) || ee.code != 1 {
		t.Fatalf("breaking change: err = %v, want exit 1\n%s", err, out.String())
	}
	fp := regexp.MustCompile(`"fingerprint": "([0-9a-f]{16})"`).FindStringSubmatch(out.String())
	if fp == nil || !strings.Contains(out.String(), `"id": "ws-alias-removed"`) {
		t.Fatalf("no ws-alias-removed finding:\n%s", out.String())
	}
	if now, _ := os.ReadFile(filepath.Join(dir, "spec/asyncapi.yaml")); !bytes.Equal(now, head) {
		t.Fatal("diff changed the work tree")
	}

	accepted := filepath.Join(dir, ".contract", "accepted-breaks.yaml")
	if err := os.MkdirAll(filepath.Dir(accepted), 0o755); err != nil {
		t.Fatal(err)
	}
	entry := "accepted:\n  - fingerprint: " + fp[1] + "\n    reason: the web client never used create-item\n    expires: 2999-12-31\n"
	if err := os.WriteFile(accepted, []byte(entry), 0o644); err != nil {
		t.Fatal(err)
	}
	expired := filepath.Join(t.TempDir(), "expired.yaml")
	if err := os.WriteFile(expired, []byte(strings.Replace(entry, "2999-12-31", "2000-01-01", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	fixture := filepath.Join("..", "..", "internal", "diff", "testdata", "fixture")

	tests := []struct {
		name     string
		args     []string
		wantCode int // -1: an error that is not an exit code (the command could not run: status 2)
		want     string
	}{
		{"accepted by the default file", []string{"--dir", dir, "--base", "HEAD"}, 0, "1 breaking change (1 accepted)"},
		{"expired acceptance", []string{"--dir", dir, "--base", "HEAD", "--accepted", expired}, 1, "accepted-break-expired"},
		{"markdown", []string{"--dir", dir, "--base", "HEAD", "--format", "markdown", "--accepted", expired}, 1, "## Contract diff: 1 breaking change"},
		{"github annotations", []string{"--dir", dir, "--base", "HEAD", "--format", "github-actions", "--accepted", expired}, 1, "::error file=spec/asyncapi.yaml,line="},
		{"directories, unchanged", []string{"--base", fixture, "--head", fixture}, 0, "0 breaking changes"},
		{"revision against revision", []string{"--dir", dir, "--base", "HEAD", "--head", "main"}, 0, "0 breaking changes"},
		{"help", []string{"-h"}, 0, "Exit status:"},
		{"missing base", nil, -1, "--base is required"},
		{"unknown revision", []string{"--dir", dir, "--base", "no-such-ref"}, -1, `"no-such-ref" is neither a directory nor a git revision`},
		{"unknown format", []string{"--dir", dir, "--base", "HEAD", "--format", "sarif"}, -1, `unknown format "sarif"`},
		{"missing accepted file", []string{"--dir", dir, "--base", "HEAD", "--accepted", filepath.Join(dir, "nope.yaml")}, -1, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), append([]string{"diff"}, tt.args...), &out, &out)
			var ee exitError
			switch {
			case tt.wantCode == 0 && err != nil:
				t.Fatalf("err = %v\n%s", err, out.String())
			case tt.wantCode > 0 && (!errors.As(err, &ee) || ee.code != tt.wantCode):
				t.Fatalf("err = %v, want exit %d\n%s", err, tt.wantCode, out.String())
			case tt.wantCode < 0 && (err == nil || errors.As(err, &ee)):
				t.Fatalf("err = %v, want a could-not-run error", err)
			}
			got := out.String()
			if err != nil && tt.wantCode < 0 {
				got += err.Error()
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("output does not contain %q:\n%s", tt.want, got)
			}
		})
	}
}
