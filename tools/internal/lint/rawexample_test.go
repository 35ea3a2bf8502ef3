package lint_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/talkamie/contract/tools/internal/diag"
	"github.com/talkamie/contract/tools/internal/lint"
)

// TestRawExampleDefects covers each defect class with a small example: the codes
// reported (in order), the position of the first one, and the repaired text.
func TestRawExampleDefects(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		codes     []string
		firstPos  string // line:col of the first finding
		firstMsg  string // the first finding's message
		repaired  string
		unchanged bool // the source is valid JSON: no finding, repaired == src
	}{
		{
			name:      "valid object",
			src:       "{\"a\": [1, 2.5, -3e2], \"b\": {\"c\": null, \"d\": \"x\\\"y\"}, \"e\": \"{not nested}\"}\n",
			unchanged: true,
		},
		{
			name:     "doubled quote after a key",
			src:      "{\n\"success\": 0,\n\"error\"\": [1]\n}\n",
			codes:    []string{"json-doubled-quote"},
			firstPos: "3:8",
			firstMsg: `"error"" has a doubled quote; write "error"`,
			repaired: "{\n\"success\": 0,\n\"error\": [1]\n}\n",
		},
		{
			name:     "doubled quote after a value",
			src:      `{"n" : "5656"", "m": 1}`,
			codes:    []string{"json-doubled-quote"},
			firstPos: "1:14",
			repaired: `{"n" : "5656", "m": 1}`,
		},
		{
			name:     "trailing commas in an object and an array",
			src:      "{\"a\": [1, 2,],\n\"b\": 3,\n}",
			codes:    []string{"json-trailing-comma", "json-trailing-comma"},
			firstPos: "1:12",
			firstMsg: "a trailing comma before ] at 1:13; remove it",
			repaired: "{\"a\": [1, 2],\n\"b\": 3\n}",
		},
		{
			name:     "extra comma",
			src:      `[1,, 2]`,
			codes:    []string{"json-extra-comma"},
			firstPos: "1:4",
			repaired: `[1, 2]`,
		},
		{
			name:     "missing commas",
			src:      "{\"a\": \"x\"\n\"b\": [1 2]}",
			codes:    []string{"json-missing-comma", "json-missing-comma"},
			firstPos: "1:10",
			firstMsg: `a comma is missing between "a": "x" and the next member at 2:1; add , after the value`,
			repaired: "{\"a\": \"x\",\n\"b\": [1, 2]}",
		},
		{
			name:     "missing colon",
			src:      `{"a" 1}`,
			codes:    []string{"json-missing-colon"},
			firstPos: "1:5",
			repaired: `{"a": 1}`,
		},
		{
			name:     "single quotes",
			src:      `{'id' : 'it"s', "b": 'x'}`,
			codes:    []string{"json-single-quote", "json-single-quote", "json-single-quote"},
			firstPos: "1:2",
			firstMsg: `'id' is in single quotes; write "id"`,
			repaired: `{"id" : "it\"s", "b": "x"}`,
		},
		{
			name:     "stray backslashes",
			src:      "{\n  \\\"amount\":5000,\n  \\\"b\\\": 1\n}",
			codes:    []string{"json-stray-backslash", "json-stray-backslash", "json-stray-backslash"},
			firstPos: "2:3",
			firstMsg: `\"amount" has a backslash before its opening quote, outside any string; write "amount"`,
			repaired: "{\n  \"amount\":5000,\n  \"b\": 1\n}",
		},
		{
			name:     "unterminated string before a comma",
			src:      "{\"currency\" : \"XOF,\n\"n\": 1}",
			codes:    []string{"json-unterminated-string"},
			firstPos: "1:15",
			firstMsg: `string "XOF, is not closed before the end of the line; write "XOF",`,
			repaired: "{\"currency\" : \"XOF\",\n\"n\": 1}",
		},
		{
			name:     "bare words",
			src:      `{status: completed, "ok": True, "n": null}`,
			codes:    []string{"json-bare-word", "json-bare-word", "json-bare-word"},
			firstPos: "1:2",
			firstMsg: `status is an unquoted key; write "status"`,
			repaired: `{"status": "completed", "ok": true, "n": null}`,
		},
		{
			name:     "invalid number",
			src:      `{"n": 007}`,
			codes:    []string{"json-invalid-number", "json-unrepairable"},
			firstPos: "1:7",
		},
		{
			name:     "duplicate key in the middle",
			src:      "{\n\"a\": 1,\n\"a\": 2,\n\"b\": 3\n}",
			codes:    []string{"json-duplicate-key"},
			firstPos: "3:1",
			firstMsg: `duplicate key "a" (first at 2:1): rename it to the key it stands for, or remove it; the repair keeps the first`,
			repaired: "{\n\"a\": 1,\n\"b\": 3\n}",
		},
		{
			name:     "duplicate key last",
			src:      `{"a": 1, "b": 2, "a": {"x": 'y'}}`,
			codes:    []string{"json-duplicate-key", "json-single-quote"},
			firstPos: "1:18",
			repaired: `{"a": 1, "b": 2}`,
		},
		{
			name:     "JSON nested inside a string",
			src:      "{\"data\": \"{\n  \\\"balance\":50000\n}\"}",
			codes:    []string{"json-nested-string", "json-stray-backslash"},
			firstPos: "1:10",
			firstMsg: "JSON nested inside a string: the string from 1:10 to 3:2 holds an object; write the object itself, without the quotes",
			repaired: "{\"data\": {\n  \"balance\":50000\n}}",
		},
		{
			name:     "nested string never closed",
			src:      "{\"data\": \"[\n1]\n}",
			codes:    []string{"json-nested-string"},
			firstPos: "1:10",
			repaired: "{\"data\": [\n1]\n}",
		},
		{
			name:     "missing opening brace",
			src:      "\"status\": 0,\n\"code\": \"100\"\n}\n",
			codes:    []string{"json-missing-brace"},
			firstPos: "1:1",
			firstMsg: `the example has no opening brace: "status" starts a list of members; write { before it`,
			repaired: "{\n\"status\": 0,\n\"code\": \"100\"\n}\n",
		},
		{
			name:     "missing both braces",
			src:      "\"status\": 0\n",
			codes:    []string{"json-missing-brace", "json-missing-brace"},
			firstPos: "1:1",
			repaired: "{\n\"status\": 0\n}\n",
		},
		{
			name:     "unclosed object and array",
			src:      "{\"a\": [1, 2\n",
			codes:    []string{"json-missing-brace", "json-missing-bracket"},
			firstPos: "1:12",
			repaired: "{\"a\": [1, 2\n]\n}\n",
		},
		{
			name:     "wrong closer",
			src:      `{"a": [1}]`,
			codes:    []string{"json-unexpected", "json-unexpected"},
			firstPos: "1:9",
			repaired: `{"a": [1]}`,
		},
		{
			name:     "trailing content",
			src:      "{\"a\": 1}\n{\"b\": 2}",
			codes:    []string{"json-trailing-content", "json-unrepairable"},
			firstPos: "2:1",
		},
		{
			name:     "empty",
			src:      " \n",
			codes:    []string{"json-unexpected", "json-unrepairable"},
			firstPos: "2:1",
		},
		{
			name:     "unknown character",
			src:      `{"a": @}`,
			codes:    []string{"json-unexpected", "json-unrepairable"},
			firstPos: "1:7",
			firstMsg: `'@' starts no JSON value; remove it`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := lint.RawExample("raw/x.json", []byte(tt.src))
			var codes []string
			for _, f := range res.Findings {
				codes = append(codes, f.Code)
				if f.Pos.File != "raw/x.json" {
					t.Errorf("finding %q names file %q, want raw/x.json", f, f.Pos.File)
				}
			}
			if tt.unchanged {
				if len(res.Findings) > 0 || string(res.Repaired) != tt.src {
					t.Fatalf("valid JSON: want no finding and the text unchanged, got %v and\n%s", res.Findings, res.Repaired)
				}
				return
			}
			if !slices.Equal(codes, tt.codes) {
				t.Fatalf("codes = %v, want %v\n%s", codes, tt.codes, text(t, res.Findings))
			}
			first := res.Findings[0]
			if got := strings.TrimPrefix(first.Pos.String(), "raw/x.json:"); got != tt.firstPos {
				t.Errorf("first finding at %s, want %s", got, tt.firstPos)
			}
			if tt.firstMsg != "" && first.Message != tt.firstMsg {
				t.Errorf("first message\n got %s\nwant %s", first.Message, tt.firstMsg)
			}
			if tt.repaired != "" {
				if string(res.Repaired) != tt.repaired {
					t.Errorf("repaired\n got %q\nwant %q", res.Repaired, tt.repaired)
				}
				if !json.Valid(res.Repaired) {
					t.Errorf("the repaired text is not valid JSON: %s", res.Repaired)
				}
			}
		})
	}
}

// TestRawExamplesOfTheExampleContracts checks every raw example kept under
// examples/<name>/raw/ against its golden findings and repaired text
// (testdata/rawexample/<name>/<file>.golden and .repaired.json).
func TestRawExamplesOfTheExampleContracts(t *testing.T) {
	root := filepath.Join("..", "..", "..", "examples")
	files, err := filepath.Glob(filepath.Join(root, "*", "raw", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no raw examples under %s", root)
	}
	for _, p := range files {
		rel, _ := filepath.Rel(root, p)
		name := filepath.Dir(filepath.Dir(rel))
		base := filepath.Base(p)
		t.Run(name+"/"+base, func(t *testing.T) {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			res := lint.RawExample("raw/"+base, src)
			if slices.ContainsFunc(res.Findings, func(f diag.Finding) bool { return f.Code == "json-unrepairable" }) {
				t.Errorf("the raw example cannot be repaired:\n%s", text(t, res.Findings))
			}
			dir := filepath.Join("testdata", "rawexample", name)
			if *update {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			stem := strings.TrimSuffix(base, ".json")
			golden(t, filepath.Join(dir, stem+".golden"), text(t, res.Findings))
			golden(t, filepath.Join(dir, stem+".repaired.json"), string(res.Repaired))
		})
	}
}

// FuzzRawExample checks the scanner's promises on any input: it never panics, valid
// JSON without duplicate keys gets no finding and stays as it is, and a text without an
// unrepairable finding is repaired into valid JSON.
func FuzzRawExample(f *testing.F) {
	for _, s := range []string{
		`{"a": 1}`, `[1, 2,]`, `{'a': 'b'}`, `"x": 1`, `{"a": "{` + "\n" + `\"b":1}"}`, `{"a"": 1}`,
		`{"a": "XOF,` + "\n" + `}`, `{a: b c}`, `[{]`, `{"a": 1, "a": 2}`, `\"`, `'`, `"`, `{`, `[`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		res := lint.RawExample("x.json", src)
		unrepairable := slices.ContainsFunc(res.Findings, func(f diag.Finding) bool { return f.Code == "json-unrepairable" })
		if !unrepairable && !json.Valid(res.Repaired) {
			t.Fatalf("no json-unrepairable finding, but the repaired text is not valid JSON: %q -> %q", src, res.Repaired)
		}
		if json.Valid(src) && !hasDuplicateKey(src) && len(res.Findings) > 0 {
			t.Fatalf("valid JSON %q got findings:\n%s", src, text(t, res.Findings))
		}
	})
}

// hasDuplicateKey reports whether valid JSON data repeats a key in one object.
func hasDuplicateKey(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		keys   map[string]bool
		object bool
		atKey  bool
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				if top != nil && top.object {
					top.atKey = true
				}
				stack = append(stack, &frame{keys: map[string]bool{}, object: d == '{', atKey: true})
			} else {
				stack = stack[:len(stack)-1]
			}
			continue
		}
		if top == nil || !top.object {
			continue
		}
		if k, ok := tok.(string); ok && top.atKey {
			if top.keys[k] {
				return true
			}
			top.keys[k], top.atKey = true, false
			continue
		}
		top.atKey = true
	}
}

// ExampleRawExample reports each defect of an example copied from API documentation and
// prints the repaired text.
func ExampleRawExample() {
	src := "{\n\"success\": 0,\n\"error\"\": [1],\n\"data\": {'message': \"BAD_REQUEST\",}\n}\n"
	res := lint.RawExample("raw/response-400.json", []byte(src))
	for _, f := range res.Findings {
		fmt.Println(f)
	}
	fmt.Print(string(res.Repaired))
	// Output:
	// raw/response-400.json:3:8: error json-doubled-quote: "error"" has a doubled quote; write "error"
	// raw/response-400.json:4:10: error json-single-quote: 'message' is in single quotes; write "message"
	// raw/response-400.json:4:34: error json-trailing-comma: a trailing comma before } at 4:35; remove it
	// {
	// "success": 0,
	// "error": [1],
	// "data": {"message": "BAD_REQUEST"}
	// }
}
