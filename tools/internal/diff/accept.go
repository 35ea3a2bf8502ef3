package diff

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/tools/internal/diag"
)

// DefaultAcceptedFile is where the accepted breaks live, relative to the repository root.
const DefaultAcceptedFile = ".contract/accepted-breaks.yaml"

// Acceptance is one accepted break: a finding's fingerprint, why it is accepted, and until when.
type Acceptance struct {
	Fingerprint string `json:"fingerprint" yaml:"fingerprint"`
	Reason      string `json:"reason" yaml:"reason"`
	// Expires is the last day (YYYY-MM-DD, UTC) the entry suppresses its finding.
	Expires string `json:"expires" yaml:"expires"`

	expires time.Time
	line    int
}

// AcceptedList is the content of an accepted-breaks file.
type AcceptedList struct {
	// File is the file's path, for the positions of its own findings.
	File    string
	Entries []Acceptance
}

// acceptedDoc is the file's YAML shape.
type acceptedDoc struct {
	Accepted []yaml.Node `yaml:"accepted"`
}

var fingerprintRe = regexp.MustCompile(`^[0-9a-f]{16}$`)

// ParseAccepted reads an accepted-breaks file:
//
//	accepted:
//	  - fingerprint: 0123456789abcdef
//	    reason: the web client never sends this field (PR #42)
//	    expires: 2025-12-31
//
// Every entry needs all three fields; a malformed file is an error, never ignored.
func ParseAccepted(file string, data []byte) (*AcceptedList, error) {
	l := &AcceptedList{File: file}
	if len(bytes.TrimSpace(data)) == 0 {
		return l, nil
	}
	var doc acceptedDoc
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return l, nil // comments only
		}
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	seen := map[string]int{}
	for _, n := range doc.Accepted {
		var a Acceptance
		for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Value != "fingerprint" && k.Value != "reason" && k.Value != "expires" {
				return nil, fmt.Errorf("%s:%d: unknown field %q (want fingerprint, reason, expires)", file, k.Line, k.Value)
			}
		}
		if err := n.Decode(&a); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", file, n.Line, err)
		}
		a.line = n.Line
		switch {
		case !fingerprintRe.MatchString(a.Fingerprint):
			return nil, fmt.Errorf("%s:%d: fingerprint %q is not 16 lowercase hex digits", file, n.Line, a.Fingerprint)
		case a.Reason == "":
			return nil, fmt.Errorf("%s:%d: accepted break %s has no reason", file, n.Line, a.Fingerprint)
		case seen[a.Fingerprint] != 0:
			return nil, fmt.Errorf("%s:%d: fingerprint %s is already accepted at line %d", file, n.Line, a.Fingerprint, seen[a.Fingerprint])
		}
		t, err := time.Parse(time.DateOnly, a.Expires)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: expires %q is not a YYYY-MM-DD date", file, n.Line, a.Expires)
		}
		a.expires = t
		seen[a.Fingerprint] = n.Line
		l.Entries = append(l.Entries, a)
	}
	return l, nil
}

// expired reports whether the entry no longer applies at now (it applies through its expiry day).
func (a Acceptance) expired(now time.Time) bool {
	return !now.UTC().Before(a.expires.AddDate(0, 0, 1))
}

// apply marks the findings the list accepts, and adds a finding for each expired entry
// (its finding is no longer suppressed) and each entry that matches nothing.
func (l *AcceptedList) apply(findings []Finding, now time.Time) []Finding {
	if l == nil {
		return findings
	}
	byFP := map[string][]int{}
	for i, f := range findings {
		byFP[f.Fingerprint] = append(byFP[f.Fingerprint], i)
	}
	for _, a := range l.Entries {
		pos := diag.Pos{File: l.File, Line: a.line}
		idx, used := byFP[a.Fingerprint]
		switch {
		case a.expired(now):
			what := "it matches no finding any more; remove it"
			if used {
				what = "its break is reported again"
			}
			findings = append(findings, Finding{ID: "accepted-break-expired", Level: diag.Warning, Pos: pos,
				Location: a.Fingerprint,
				Message:  fmt.Sprintf("the acceptance of %s expired on %s: %s", a.Fingerprint, a.Expires, what)})
		case !used:
			findings = append(findings, Finding{ID: "accepted-break-unused", Level: diag.Info, Pos: pos,
				Location: a.Fingerprint,
				Message:  fmt.Sprintf("accepted break %s matches no finding; remove it", a.Fingerprint)})
		default:
			for _, i := range idx {
				acc := a
				findings[i].Accepted = &acc
			}
		}
	}
	for i := range findings {
		if findings[i].Fingerprint == "" {
			findings[i].Fingerprint = fingerprint(findings[i])
		}
	}
	return findings
}
