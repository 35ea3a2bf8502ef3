package gitsrc_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/talkamie/contract/tools/internal/gitsrc"
)

// repo creates a git repository with one commit of files and returns its directory.
func repo(t *testing.T, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	write(t, dir, files)
	for _, args := range [][]string{
		{"init", "-q", "-b", "main"},
		{"add", "."},
		{"-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "base"},
	} {
		run(t, dir, args...)
	}
	return dir
}

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func run(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func TestOpen(t *testing.T) {
	dir := repo(t, map[string]string{
		"schemas/v1/a.json":        `{"title": "A"}`,
		"spec/openapi.yaml":        "openapi: 3.0.3\n",
		"README.md":                "readme\n",
		"sub/schemas/v1/b.json":    `{"title": "B"}`,
		"sub/spec/asyncapi.yaml":   "asyncapi: 3.0.0\n",
		"sub/spec/paths/x.yaml":    "{}\n",
		"schemas/v1/empty.json":    "",
		"schemas/v1/nested/c.json": "{\n  \"title\": \"C\"\n}\n",
	})
	// Work-tree edits after the commit must not show at HEAD, and must survive.
	write(t, dir, map[string]string{"schemas/v1/a.json": `{"title": "Edited"}`})

	tests := []struct {
		name  string
		dir   string
		rev   string
		roots []string
		want  map[string]string
	}{
		{
			name: "repository root, every file", dir: dir, rev: "HEAD",
			want: map[string]string{
				"schemas/v1/a.json": `{"title": "A"}`, "spec/openapi.yaml": "openapi: 3.0.3\n", "README.md": "readme\n",
				"sub/schemas/v1/b.json": `{"title": "B"}`, "sub/spec/asyncapi.yaml": "asyncapi: 3.0.0\n",
				"sub/spec/paths/x.yaml": "{}\n", "schemas/v1/empty.json": "",
				"schemas/v1/nested/c.json": "{\n  \"title\": \"C\"\n}\n",
			},
		},
		{
			name: "repository root, limited to roots", dir: dir, rev: "main", roots: []string{"schemas", "spec"},
			want: map[string]string{
				"schemas/v1/a.json": `{"title": "A"}`, "spec/openapi.yaml": "openapi: 3.0.3\n", "schemas/v1/empty.json": "",
				"schemas/v1/nested/c.json": "{\n  \"title\": \"C\"\n}\n",
			},
		},
		{
			name: "subdirectory reads the same subdirectory at the revision", dir: filepath.Join(dir, "sub"), rev: "HEAD",
			roots: []string{"schemas", "spec"},
			want: map[string]string{
				"schemas/v1/b.json": `{"title": "B"}`, "spec/asyncapi.yaml": "asyncapi: 3.0.0\n", "spec/paths/x.yaml": "{}\n",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys, err := gitsrc.Open(context.Background(), tt.dir, tt.rev, tt.roots...)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for p := range fsys {
				got = append(got, p)
				data, err := fs.ReadFile(fsys, p)
				if err != nil {
					t.Fatal(err)
				}
				if string(data) != tt.want[p] {
					t.Errorf("%s = %q, want %q", p, data, tt.want[p])
				}
			}
			if len(got) != len(tt.want) {
				slices.Sort(got)
				t.Errorf("files = %v, want %d files", got, len(tt.want))
			}
		})
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "schemas/v1/a.json")); string(data) != `{"title": "Edited"}` {
		t.Errorf("the work tree changed: %q", data)
	}
	if st := run(t, dir, "status", "--porcelain"); st != " M schemas/v1/a.json\n" {
		t.Errorf("git status = %q", st)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := repo(t, map[string]string{"spec/openapi.yaml": "openapi: 3.0.3\n"})
	tests := []struct{ name, dir, rev string }{
		{"unknown revision", dir, "no-such-branch"},
		{"option-like revision", dir, "--all"},
		{"empty revision", dir, ""},
		{"not a repository", t.TempDir(), "HEAD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if gitsrc.IsRef(context.Background(), tt.dir, tt.rev) {
				t.Errorf("IsRef(%q) = true", tt.rev)
			}
			if _, err := gitsrc.Open(context.Background(), tt.dir, tt.rev); !errors.Is(err, gitsrc.ErrNotARef) {
				t.Errorf("Open(%q) error = %v, want ErrNotARef", tt.rev, err)
			}
		})
	}
}
