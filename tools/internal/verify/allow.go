package verify

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Baseline is an allow file: known failures a run accepts. Its YAML form is
//
//	allow:
//	  - check: rest:getCall:example:*     # a check id, or a path.Match pattern of ids
//	    reason: GET /call/{callId} is not deployed yet (TAL-142)
//	  - fingerprint: 9f2c4e1a0b7d3e55    # one violation, as the report prints it
//	    reason: the staging data has no schedule sch_0001
//	    expires: 2025-12-31             # optional; the entry stops applying after that day
//
// An entry with check accepts every violation of the matching checks; an entry
// with fingerprint accepts that one violation. Both may be set (both must match).
type Baseline struct {
	Entries []AllowEntry `yaml:"allow"`
}

// AllowEntry accepts the violations it matches.
type AllowEntry struct {
	// Check is a check id or a path.Match pattern of check ids.
	Check string `yaml:"check,omitempty"`
	// Fingerprint is a violation's fingerprint.
	Fingerprint string `yaml:"fingerprint,omitempty"`
	// Reason says why the failure is accepted; it is required.
	Reason string `yaml:"reason"`
	// Expires is the last day (YYYY-MM-DD) the entry applies; empty never expires.
	Expires string `yaml:"expires,omitempty"`
	expires time.Time
}

// ParseBaseline reads an allow file.
func ParseBaseline(data []byte) (*Baseline, error) {
	var b Baseline
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&b); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("allow file: %w", err)
	}
	for i := range b.Entries {
		e := &b.Entries[i]
		where := fmt.Sprintf("allow file: entry %d", i+1)
		if e.Check == "" && e.Fingerprint == "" {
			return nil, fmt.Errorf("%s: set check or fingerprint", where)
		}
		if strings.TrimSpace(e.Reason) == "" {
			return nil, fmt.Errorf("%s: a reason is required", where)
		}
		if e.Check != "" {
			if _, err := path.Match(e.Check, ""); err != nil {
				return nil, fmt.Errorf("%s: check %q is not a valid pattern", where, e.Check)
			}
		}
		if e.Expires != "" {
			t, err := time.Parse(time.DateOnly, e.Expires)
			if err != nil {
				return nil, fmt.Errorf("%s: expires %q is not a YYYY-MM-DD date", where, e.Expires)
			}
			e.expires = t
		}
	}
	return &b, nil
}

func (e *AllowEntry) matches(checkID string, v Violation) bool {
	if e.Fingerprint != "" && e.Fingerprint != v.Fingerprint {
		return false
	}
	if e.Check != "" {
		ok, _ := path.Match(e.Check, checkID)
		return ok
	}
	return true
}

func (e *AllowEntry) label() string {
	if e.Check != "" && e.Fingerprint != "" {
		return e.Check + " " + e.Fingerprint
	}
	return e.Check + e.Fingerprint
}

// apply marks the violations the baseline accepts and returns notes on
// expired and unused entries.
func (b *Baseline) apply(checks []Check, now time.Time) []string {
	used := make([]bool, len(b.Entries))
	today := now.UTC().Truncate(24 * time.Hour)
	for ci := range checks {
		c := &checks[ci]
		for vi := range c.Violations {
			v := &c.Violations[vi]
			for ei := range b.Entries {
				e := &b.Entries[ei]
				if !e.matches(c.ID, *v) {
					continue
				}
				used[ei] = true
				if !e.expires.IsZero() && today.After(e.expires) {
					continue
				}
				v.Allowed = e.Reason
				break
			}
		}
	}
	var notes []string
	for i, e := range b.Entries {
		switch {
		case !e.expires.IsZero() && today.After(e.expires):
			notes = append(notes, fmt.Sprintf("allow entry %d (%s) expired on %s and no longer applies", i+1, e.label(), e.Expires))
		case !used[i]:
			notes = append(notes, fmt.Sprintf("allow entry %d (%s) matched nothing; remove it", i+1, e.label()))
		}
	}
	return notes
}
