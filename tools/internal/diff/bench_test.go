package diff_test

import (
	"bytes"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/talkamie/contract/tools/internal/diff"
)

// realContract reads the repository's own schemas/ and spec/ into memory.
func realContract(b *testing.B) fstest.MapFS {
	b.Helper()
	m := fstest.MapFS{}
	root := os.DirFS("../../..")
	for _, dir := range []string{"schemas", "spec"} {
		err := fs.WalkDir(root, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(root, p)
			m[p] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return m
}

// realEdits are a few changes of the real contract: a removed response property in a shared
// schema file (reported for every operation and message reaching it), a removed alias, and a
// new required property in a client frame.
var realEdits = []struct{ file, old, new string }{
	{"schemas/v1/user/basic_user.json", "    \"bio\": {\n      \"description\": \"A short free-text introduction written by the user.\",\n      \"type\": \"string\"\n    },\n", ""},
	{"spec/asyncapi.yaml", "      x-aliases:\n        - send-message\n", ""},
	{"schemas/v1/wss/wss_action_chat.json", `"required": [`, `"required": [
        "clientNonce",`},
}

// BenchmarkDiffRealContract times `contract diff` on the whole real contract against a copy
// with realEdits: loading both sides, bundling, oasdiff, the WebSocket checks and the source
// mapping (reading a git revision is not included: see docs/benchmarks.md for the CLI).
func BenchmarkDiffRealContract(b *testing.B) {
	base := realContract(b)
	head := fstest.MapFS{}
	for p, f := range base {
		head[p] = &fstest.MapFile{Data: f.Data}
	}
	for _, e := range realEdits {
		f := head[e.file]
		if f == nil || !bytes.Contains(f.Data, []byte(e.old)) {
			b.Skipf("the real contract changed: %s has no %q", e.file, strings.SplitN(e.old, "\n", 2)[0])
		}
		head[e.file] = &fstest.MapFile{Data: bytes.Replace(f.Data, []byte(e.old), []byte(e.new), 1)}
	}
	var res *diff.Result
	for b.Loop() {
		var err error
		res, err = diff.Compare(loadFS(b, base), loadFS(b, head), diff.Options{})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(res.Findings)), "findings")
	b.ReportMetric(float64(res.Breaking()), "breaking")
}
