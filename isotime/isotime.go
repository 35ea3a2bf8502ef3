package isotime

import (
	"fmt"
	"time"
)

// Layout is the wire form of a timestamp: UTC with milliseconds and Z.
const Layout = "2006-01-02T15:04:05.000Z"

// Time is an instant that encodes as Layout.
type Time struct{ time.Time }

// New returns t as a Time.
func New(t time.Time) Time { return Time{t} }

// Parse reads an RFC 3339 timestamp (with or without a fraction, any offset).
func Parse(s string) (Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return Time{}, fmt.Errorf("isotime: %q is not an RFC 3339 timestamp", s)
	}
	return Time{t}, nil
}

// MustParse is Parse for constants in tests and examples; it panics on a bad timestamp.
func MustParse(s string) Time {
	t, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return t
}

// String returns the timestamp in Layout.
func (t Time) String() string { return t.UTC().Format(Layout) }

// MarshalText writes the timestamp in Layout (UTC, milliseconds, Z).
func (t Time) MarshalText() ([]byte, error) {
	if y := t.UTC().Year(); y < 0 || y > 9999 {
		return nil, fmt.Errorf("isotime: year %d is outside 0000-9999", y)
	}
	return []byte(t.String()), nil
}

// UnmarshalText reads an RFC 3339 timestamp.
func (t *Time) UnmarshalText(b []byte) error {
	parsed, err := Parse(string(b))
	if err != nil {
		return err
	}
	*t = parsed
	return nil
}

// MarshalJSON writes the timestamp as a JSON string in Layout. It is defined so that
// the embedded time.Time's own MarshalJSON is not used.
func (t Time) MarshalJSON() ([]byte, error) {
	b, err := t.MarshalText()
	if err != nil {
		return nil, err
	}
	return append(append([]byte{'"'}, b...), '"'), nil
}

// UnmarshalJSON reads a JSON string holding an RFC 3339 timestamp.
func (t *Time) UnmarshalJSON(b []byte) error {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("isotime: a timestamp must be a JSON string, got %s", truncate(b))
	}
	return t.UnmarshalText(b[1 : len(b)-1])
}

func truncate(b []byte) string {
	const max = 32
	if len(b) > max {
		return string(b[:max]) + "..."
	}
	return string(b)
}
