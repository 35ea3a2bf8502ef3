package gitsrc

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestParseTree(t *testing.T) {
	tests := []struct {
		name, out string
		want      []entry
		err       string
	}{
		{"empty", "", nil, ""},
		{
			"blobs kept, links and submodules skipped",
			"100644 blob aaa\tspec/openapi.yaml\x00120000 blob bbb\tspec/link.yaml\x00160000 commit ccc\tvendor/sub\x00100755 blob ddd\tdir with space/x.json\x00",
			[]entry{{object: "aaa", path: "spec/openapi.yaml"}, {object: "ddd", path: "dir with space/x.json"}}, "",
		},
		{"no tab", "100644 blob aaa spec/openapi.yaml\x00", nil, `unexpected ls-tree record "100644 blob aaa spec/openapi.yaml"`},
		{"short meta", "100644 aaa\tspec/openapi.yaml\x00", nil, `unexpected ls-tree record "100644 aaa\tspec/openapi.yaml"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseTree([]byte(tt.out))
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("entries = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("entry %d = %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestReadBatch(t *testing.T) {
	entries := []entry{{object: "aaa", path: "a.json"}, {object: "bbb", path: "b/c.yaml"}}
	tests := []struct {
		name, out string
		want      map[string]string
		err       string
	}{
		{"two blobs", "aaa blob 2\n{}\nbbb blob 0\n\n", map[string]string{"a.json": "{}", "b/c.yaml": ""}, ""},
		{"missing object", "aaa missing\n", nil, `object aaa: unexpected header "aaa missing"`},
		{"bad size", "aaa blob big\n", nil, `object aaa: bad size "big"`},
		{"truncated content", "aaa blob 10\n{}\n", nil, "object aaa: unexpected EOF"},
		{"output ends early", "aaa blob 2\n{}\n", nil, "object bbb: EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			err := readBatch([]byte(tt.out), entries, fsys)
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
					t.Fatalf("error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(fsys) != len(tt.want) {
				t.Errorf("%d files, want %d", len(fsys), len(tt.want))
			}
			for p, data := range tt.want {
				if f := fsys[p]; f == nil || string(f.Data) != data {
					t.Errorf("%s = %v, want %q", p, f, data)
				}
			}
		})
	}
}
