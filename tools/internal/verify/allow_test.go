package verify

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseBaseline(t *testing.T) {
	tests := []struct {
		name, yaml, err string
		entries         int
	}{
		{"empty file", "", "", 0},
		{"check and fingerprint", "allow:\n  - check: rest:getCall:*\n    reason: not deployed\n  - fingerprint: 0a8d51b56e2c54a9\n    reason: staging data\n    expires: 2025-12-31\n", "", 2},
		{"no reason", "allow:\n  - check: rest:getCall:example\n", "allow file: entry 1: a reason is required", 0},
		{"nothing to match", "allow:\n  - reason: why\n", "allow file: entry 1: set check or fingerprint", 0},
		{"bad date", "allow:\n  - check: x\n    reason: y\n    expires: soon\n", `allow file: entry 1: expires "soon" is not a YYYY-MM-DD date`, 0},
		{"bad pattern", "allow:\n  - check: \"rest:[\"\n    reason: y\n", `allow file: entry 1: check "rest:[" is not a valid pattern`, 0},
		{"unknown key", "allow:\n  - check: x\n    reason: y\n    owner: me\n", "field owner not found", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ParseBaseline([]byte(tt.yaml))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Entries) != tt.entries {
				t.Errorf("%d entries, want %d", len(b.Entries), tt.entries)
			}
		})
	}
}

func TestBaselineApply(t *testing.T) {
	b, err := ParseBaseline([]byte(`allow:
  - check: "rest:getCall:*"
    reason: not deployed
  - fingerprint: ffff
    reason: matches nothing
  - check: rest:listFaqs:example
    reason: old
    expires: 2025-09-01
  - check: ws:ping:example:keepAlive
    fingerprint: bbbb
    reason: one violation of one check
`))
	if err != nil {
		t.Fatal(err)
	}
	checks := []Check{
		{ID: "rest:getCall:example", Violations: []Violation{{Code: "undocumented-status", Fingerprint: "aaaa"}}},
		{ID: "rest:listFaqs:example", Violations: []Violation{{Code: "invalid-body", Fingerprint: "cccc"}}},
		{ID: "ws:ping:example:keepAlive", Violations: []Violation{{Code: "invalid-frame", Fingerprint: "bbbb"}, {Code: "invalid-frame", Fingerprint: "dddd"}}},
	}
	notes := b.apply(checks, time.Date(2025, 9, 2, 8, 0, 0, 0, time.UTC))
	for i := range checks {
		checks[i].settle()
	}
	var got []string
	for _, c := range checks {
		got = append(got, c.ID+" "+string(c.Result))
	}
	want := []string{"rest:getCall:example allowed", "rest:listFaqs:example fail", "ws:ping:example:keepAlive fail"}
	if !slices.Equal(got, want) {
		t.Errorf("results %v, want %v", got, want)
	}
	if a := checks[2].Violations; a[0].Allowed != "one violation of one check" || a[1].Allowed != "" {
		t.Errorf("fingerprint entry allowed %q and %q, want only the first", a[0].Allowed, a[1].Allowed)
	}
	wantNotes := []string{
		"allow entry 2 (ffff) matched nothing; remove it",
		"allow entry 3 (rest:listFaqs:example) expired on 2025-09-01 and no longer applies",
	}
	if !slices.Equal(notes, wantNotes) {
		t.Errorf("notes\n%s\nwant\n%s", strings.Join(notes, "\n"), strings.Join(wantNotes, "\n"))
	}
	// The entry applies through its last day.
	checks[1].Violations[0].Allowed = ""
	b.apply(checks[1:2], time.Date(2025, 9, 1, 23, 59, 0, 0, time.UTC))
	if checks[1].Violations[0].Allowed != "old" {
		t.Error("an entry does not apply on its expiry day")
	}
}
