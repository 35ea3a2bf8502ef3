package diff_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/talkamie/contract/tools/internal/diag"
	"github.com/talkamie/contract/tools/internal/diff"
)

// compareEdits compares the fixture with its edited copy.
func compareEdits(t *testing.T, baseEdits, headEdits []edit, opts diff.Options) *diff.Result {
	t.Helper()
	base, err := applyEdits(fixtureFS(t), baseEdits)
	if err != nil {
		t.Fatal(err)
	}
	head, err := applyEdits(base, headEdits)
	if err != nil {
		t.Fatal(err)
	}
	res, err := diff.Compare(loadFS(t, base), loadFS(t, head), opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

const basicItem = "schemas/v1/item/basic_item.json"

var (
	// recursive makes basic_item.json refer to itself, in both versions.
	recursive = edit{File: basicItem, Replace: `"tags": {"type": "array", "items": {"type": "string"}}`,
		With: `"tags": {"type": "array", "items": {"type": "string"}},
    "parent": {"$ref": "basic_item.json"},
    "children": {"type": "array", "items": {"$ref": "basic_item.json"}}`}
	// removePrice removes an optional response property (breaking for server frames).
	removePrice = edit{File: basicItem, Replace: "    \"price\": {\"type\": \"integer\", \"minimum\": 0},\n", With: ""}
)

// TestRecursiveSchemas checks that a schema that contains itself is compared once per message
// and that the walk ends.
func TestRecursiveSchemas(t *testing.T) {
	res := compareEdits(t, []edit{recursive}, []edit{removePrice}, diff.Options{})
	var ws []string
	for _, f := range res.Findings {
		if f.API == diff.WebSocket {
			ws = append(ws, f.Operation+" "+f.ID+" "+f.Location)
		}
	}
	want := []string{
		"item.create ws-response-property-removed /properties/data/properties/price",
		"item.new ws-response-property-removed /properties/data/properties/item/properties/price",
	}
	if strings.Join(ws, "\n") != strings.Join(want, "\n") {
		t.Errorf("websocket findings:\n%s\nwant:\n%s", strings.Join(ws, "\n"), strings.Join(want, "\n"))
	}
}

// TestFingerprintIgnoresLines checks that moving a change to other lines keeps its fingerprint,
// and that the position follows the head.
func TestFingerprintIgnoresLines(t *testing.T) {
	shift := edit{File: basicItem, Replace: `  "type": "object",`, With: "\n\n\n  \"type\": \"object\","}
	plain := compareEdits(t, nil, []edit{removePrice}, diff.Options{})
	shifted := compareEdits(t, nil, []edit{shift, removePrice}, diff.Options{})
	if len(plain.Findings) != len(shifted.Findings) || len(plain.Findings) == 0 {
		t.Fatalf("%d findings, then %d", len(plain.Findings), len(shifted.Findings))
	}
	for i := range plain.Findings {
		a, b := plain.Findings[i], shifted.Findings[i]
		if a.Fingerprint != b.Fingerprint {
			t.Errorf("%s %s: fingerprint %s became %s", a.Operation, a.ID, a.Fingerprint, b.Fingerprint)
		}
		if a.Pos.File == basicItem && b.Pos.Line != a.Pos.Line+3 {
			t.Errorf("%s %s: line %d, then %d; want it 3 lines down", a.Operation, a.ID, a.Pos.Line, b.Pos.Line)
		}
	}
}

func TestAccepted(t *testing.T) {
	res := compareEdits(t, nil, []edit{removePrice}, diff.Options{})
	var fps []string
	for _, f := range res.Findings {
		if f.Breaking() {
			fps = append(fps, f.Fingerprint)
		}
	}
	if len(fps) != 2 {
		t.Fatalf("want 2 breaking findings, got %d", len(fps))
	}
	now := time.Date(2025, 9, 15, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name                                string
		file                                string
		breaking, accepted, expired, unused int
	}{
		{"nothing accepted", "", 2, 0, 0, 0},
		{"both accepted", "accepted:\n  - fingerprint: " + fps[0] + "\n    reason: clients ignore price\n    expires: 2025-12-31\n" +
			"  - fingerprint: " + fps[1] + "\n    reason: clients ignore price\n    expires: 2025-09-15\n", 0, 2, 0, 0},
		{"one expired the day before", "accepted:\n  - fingerprint: " + fps[0] + "\n    reason: old\n    expires: 2025-09-14\n", 2, 0, 1, 0},
		{"an unused entry", "accepted:\n  - fingerprint: 0123456789abcdef\n    reason: gone\n    expires: 2026-01-01\n", 2, 0, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := diff.ParseAccepted("accepted.yaml", []byte(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			res := compareEdits(t, nil, []edit{removePrice}, diff.Options{Accepted: list, Now: now})
			count := func(id string) int {
				n := 0
				for _, f := range res.Findings {
					if f.ID == id {
						n++
						if f.Pos.File != "accepted.yaml" || f.Pos.Line == 0 {
							t.Errorf("%s at %s, want a line of accepted.yaml", id, f.Pos)
						}
					}
				}
				return n
			}
			if got := res.Breaking(); got != tt.breaking {
				t.Errorf("Breaking() = %d, want %d", got, tt.breaking)
			}
			if got := res.Accepted(); got != tt.accepted {
				t.Errorf("Accepted() = %d, want %d", got, tt.accepted)
			}
			if got := count("accepted-break-expired"); got != tt.expired {
				t.Errorf("%d expired findings, want %d", got, tt.expired)
			}
			if got := count("accepted-break-unused"); got != tt.unused {
				t.Errorf("%d unused findings, want %d", got, tt.unused)
			}
		})
	}
}

func TestParseAcceptedErrors(t *testing.T) {
	tests := []struct{ name, file, want string }{
		{"bad fingerprint", "accepted:\n  - fingerprint: xyz\n    reason: r\n    expires: 2025-01-01\n", "accepted.yaml:2: fingerprint \"xyz\" is not 16 lowercase hex digits"},
		{"no reason", "accepted:\n  - fingerprint: 0123456789abcdef\n    expires: 2025-01-01\n", "accepted.yaml:2: accepted break 0123456789abcdef has no reason"},
		{"bad date", "accepted:\n  - fingerprint: 0123456789abcdef\n    reason: r\n    expires: soon\n", "accepted.yaml:2: expires \"soon\" is not a YYYY-MM-DD date"},
		{"duplicate", "accepted:\n  - fingerprint: 0123456789abcdef\n    reason: r\n    expires: 2025-01-01\n  - fingerprint: 0123456789abcdef\n    reason: r\n    expires: 2025-01-01\n", "accepted.yaml:5: fingerprint 0123456789abcdef is already accepted at line 2"},
		{"unknown key", "accepted:\n  - fingerprint: 0123456789abcdef\n    reason: r\n    expires: 2025-01-01\n    owner: me\n", "accepted.yaml:5: unknown field \"owner\""},
		{"not a list", "accepted: yes\n", "cannot unmarshal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := diff.ParseAccepted("accepted.yaml", []byte(tt.file))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	if l, err := diff.ParseAccepted("accepted.yaml", []byte("# nothing yet\n")); err != nil || len(l.Entries) != 0 {
		t.Errorf("a file of comments: %v, %v", l, err)
	}
}

// TestFormats writes one result, with a breaking, an accepted and a compatible change, in every
// format; the outputs are golden files.
func TestFormats(t *testing.T) {
	addColor := edit{File: basicItem, Replace: `"note": {"type": ["string", "null"]},`, With: `"note": {"type": ["string", "null"]},
    "color": {"type": "string"},`}
	first := compareEdits(t, nil, []edit{removePrice, addColor}, diff.Options{})
	var fp string
	for _, f := range first.Findings {
		if f.Breaking() && f.Operation == "item.new" {
			fp = f.Fingerprint
		}
	}
	list, err := diff.ParseAccepted(".contract/accepted-breaks.yaml", []byte("accepted:\n  - fingerprint: "+fp+"\n    reason: no client reads item.new prices\n    expires: 2025-12-31\n"))
	if err != nil {
		t.Fatal(err)
	}
	res := compareEdits(t, nil, []edit{removePrice, addColor}, diff.Options{Accepted: list, Now: time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)})
	for _, f := range diff.Formats() {
		t.Run(string(f), func(t *testing.T) {
			var b bytes.Buffer
			opts := diff.WriteOptions{Base: "origin/main", Head: ".", PathPrefix: "contract", MinLevel: diag.Info}
			if err := diff.Write(&b, f, res, opts); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "testdata/formats/"+string(f)+".golden", b.Bytes())
		})
	}
	t.Run("min level", func(t *testing.T) {
		var b bytes.Buffer
		if err := diff.Write(&b, diff.Text, res, diff.WriteOptions{Base: "a", Head: "b", MinLevel: diag.Error}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), " info ") {
			t.Errorf("info findings shown with MinLevel error:\n%s", b.String())
		}
	})
	if _, err := diff.ParseFormat("sarif"); err == nil {
		t.Error("ParseFormat(sarif) succeeded")
	}
}

func TestCompareErrors(t *testing.T) {
	broken := edit{File: "spec/paths/items.yaml", Replace: "$ref: ../../schemas/v1/item/item_request.json", With: "$ref: ../../schemas/v1/item/missing.json"}
	base, err := applyEdits(fixtureFS(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	head, err := applyEdits(base, []edit{broken})
	if err != nil {
		t.Fatal(err)
	}
	_, err = diff.Compare(loadFS(t, base), loadFS(t, head), diff.Options{})
	if !errors.Is(err, diff.ErrBundle) || !strings.HasPrefix(err.Error(), "head: ") {
		t.Errorf("error = %v, want a head ErrBundle", err)
	}
}

// TestUniqueItemsDefault checks that `uniqueItems: false`, the keyword's default, counts as
// unset: writing it out or dropping it changes nothing, while `true` is a real constraint.
func TestUniqueItemsDefault(t *testing.T) {
	tags := `"tags": {"type": "array", "items": {"type": "string"}}`
	with := func(v string) edit {
		return edit{File: basicItem, Replace: tags, With: `"tags": {"type": "array", "uniqueItems": ` + v + `, "items": {"type": "string"}}`}
	}
	// Head edits apply to the base's text.
	change := func(from, to string) edit { return edit{File: basicItem, Replace: from, With: to} }
	tests := []struct {
		name       string
		base, head []edit
		want       []string
	}{
		{"false added", nil, []edit{with("false")}, nil},
		{"false dropped", []edit{with("false")}, []edit{change(`"uniqueItems": false, `, "")}, nil},
		{"true added", nil, []edit{with("true")}, []string{
			"item.create ws-response-constraint-tightened info: uniqueItems changed from unset to true",
			"item.new ws-response-constraint-tightened info: uniqueItems changed from unset to true",
		}},
		{"true became false", []edit{with("true")}, []edit{change(`"uniqueItems": true`, `"uniqueItems": false`)}, []string{
			"item.create ws-response-constraint-loosened error: uniqueItems changed from true to false",
			"item.new ws-response-constraint-loosened error: uniqueItems changed from true to false",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := compareEdits(t, tt.base, tt.head, diff.Options{})
			var got []string
			for _, f := range res.Findings {
				if f.API == diff.WebSocket {
					got = append(got, f.Operation+" "+f.ID+" "+f.Level.String()+": "+f.Message[strings.LastIndex(f.Message, ": ")+2:])
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("websocket findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
