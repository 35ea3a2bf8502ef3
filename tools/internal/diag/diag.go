package diag

import (
	"cmp"
	"fmt"
	"slices"
)

// Severity ranks a finding.
type Severity int

// The severities, from most to least serious.
const (
	Error Severity = iota
	Warning
	Info
)

// String returns the lowercase name used in every output format.
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	default:
		return "info"
	}
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	switch string(b) {
	case "error":
		*s = Error
	case "warning":
		*s = Warning
	case "info":
		*s = Info
	default:
		return fmt.Errorf("unknown severity %q", b)
	}
	return nil
}

// Pos is a position in a source file. Line and Col are 1-based; zero means unknown.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
}

// String formats the position as file:line:col, leaving out what is unknown.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	default:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	}
}

// Finding is one problem found in a contract.
type Finding struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	Pos      Pos      `json:"pos"`
	// Pointer is the JSON pointer of the offending node inside Pos.File, when known.
	Pointer string `json:"pointer,omitempty"`
	Message string `json:"message"`
}

// String formats the finding as `file:line:col: severity code: message`.
func (f Finding) String() string {
	return fmt.Sprintf("%s: %s %s: %s", f.Pos, f.Severity, f.Code, f.Message)
}

// List is a list of findings.
type List []Finding

// Add appends a finding.
func (l *List) Add(sev Severity, code string, pos Pos, pointer, format string, args ...any) {
	*l = append(*l, Finding{Code: code, Severity: sev, Pos: pos, Pointer: pointer, Message: fmt.Sprintf(format, args...)})
}

// Errorf appends an error finding.
func (l *List) Errorf(code string, pos Pos, pointer, format string, args ...any) {
	l.Add(Error, code, pos, pointer, format, args...)
}

// Warnf appends a warning finding.
func (l *List) Warnf(code string, pos Pos, pointer, format string, args ...any) {
	l.Add(Warning, code, pos, pointer, format, args...)
}

// HasErrors reports whether any finding is an error.
func (l List) HasErrors() bool {
	return slices.ContainsFunc(l, func(f Finding) bool { return f.Severity == Error })
}

// Count returns how many findings have the severity.
func (l List) Count(sev Severity) int {
	n := 0
	for _, f := range l {
		if f.Severity == sev {
			n++
		}
	}
	return n
}

// Sort orders findings by file, line, column, code and message, so output is deterministic.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Code, b.Code),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Error makes a list usable as an error: it summarises the first finding.
func (l List) Error() string {
	switch len(l) {
	case 0:
		return "no findings"
	case 1:
		return l[0].String()
	default:
		return fmt.Sprintf("%s (and %d more)", l[0], len(l)-1)
	}
}
