package verify

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/talkamie/contract/tools/internal/report"
)

// Format names an output format of verify.
type Format string

// The output formats.
const (
	Text  Format = "text"
	JSON  Format = "json"
	JUnit Format = "junit"
)

// Formats lists every format, in the order help texts show them.
func Formats() []Format { return []Format{Text, JSON, JUnit} }

// ParseFormat returns the format named s.
func ParseFormat(s string) (Format, error) { return report.Lookup(s, Formats()) }

// Write writes the report in format f.
func (r *Report) Write(w io.Writer, f Format) error {
	switch f {
	case Text:
		return r.WriteText(w)
	case JSON:
		return r.WriteJSON(w)
	case JUnit:
		return r.WriteJUnit(w)
	}
	_, err := ParseFormat(string(f))
	return err
}

// Summary is the one-line count of checks: "212 checks: 200 pass, 3 fail, ...".
func (r *Report) Summary() string {
	parts := []string{}
	for _, res := range []Result{Pass, Fail, Allowed, Unimplemented, Skipped} {
		if n := r.Count(res); n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, res))
		}
	}
	if len(parts) == 0 {
		return "no checks"
	}
	return fmt.Sprintf("%d checks: %s", len(r.Checks), strings.Join(parts, ", "))
}

// CoverageLine describes the coverage in one line.
func (r *Report) CoverageLine() string {
	cv := r.Coverage
	s := fmt.Sprintf("operations %d/%d implemented (%d unimplemented); documented statuses %d/%d exercised (%s)",
		cv.Implemented, cv.Operations, cv.Unimplemented, cv.StatusesSeen, cv.Statuses, percent(cv.StatusesSeen, cv.Statuses))
	if r.WebSocket != "" {
		s += fmt.Sprintf("; WebSocket client actions %d/%d sent, replies %d/%d received, pushed actions %d/%d seen",
			cv.ActionsSent, cv.ClientActions, cv.RepliesSeen, cv.Replies, cv.PushesSeen, cv.Pushes)
	}
	return s
}

func percent(n, of int) string {
	if of == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(n)/float64(of))
}

// WriteText writes the human summary: a line per operation and action, the
// details of every failed or allowed check, the coverage and the verdict.
func (r *Report) WriteText(w io.Writer) error {
	var sb strings.Builder
	fmt.Fprintf(&sb, "contract verify %s", r.Target)
	if r.WebSocket != "" {
		fmt.Fprintf(&sb, " (WebSocket %s)", r.WebSocket)
	}
	sb.WriteString("\n\nREST operations\n")
	checks := r.checksByID()
	for _, u := range r.REST {
		fmt.Fprintf(&sb, "  %-13s %-6s %-44s %s\n", u.Result, u.Method, u.Path, u.Name)
		writeDetails(&sb, u, checks)
	}
	if len(r.WS) > 0 {
		sb.WriteString("\nWebSocket actions\n")
		for _, u := range r.WS {
			fmt.Fprintf(&sb, "  %-13s %s\n", u.Result, u.Name)
			writeDetails(&sb, u, checks)
		}
	}
	for _, c := range r.Checks {
		if c.Operation == undocumentedFrames {
			fmt.Fprintf(&sb, "\nUndocumented frames\n  %-13s %s\n", c.Result, c.Request)
			writeCheck(&sb, &c)
		}
	}
	for _, n := range r.Baseline {
		fmt.Fprintf(&sb, "\nbaseline: %s", n)
	}
	if len(r.Baseline) > 0 {
		sb.WriteByte('\n')
	}
	fmt.Fprintf(&sb, "\ncoverage: %s\n%s\n", r.CoverageLine(), r.Summary())
	if r.Failed() {
		if n := r.Count(Fail); n == 1 {
			sb.WriteString("FAIL: 1 check breaks the contract\n")
		} else {
			fmt.Fprintf(&sb, "FAIL: %d checks break the contract\n", n)
		}
	} else {
		sb.WriteString("PASS\n")
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

// checksByID indexes the report's checks by their ids.
func (r *Report) checksByID() map[string]*Check {
	checks := make(map[string]*Check, len(r.Checks))
	for i := range r.Checks {
		checks[r.Checks[i].ID] = &r.Checks[i]
	}
	return checks
}

// writeDetails lists the checks of a unit worth reading: failures, allowed
// failures, and the reason a unit was skipped.
func writeDetails(sb *strings.Builder, u Unit, checks map[string]*Check) {
	noted := false
	for _, id := range u.Checks {
		c := checks[id]
		switch {
		case c.Result == Fail || c.Result == Allowed:
			writeCheck(sb, c)
		case u.Result == Skipped && c.Result == Skipped && c.Note != "" && !noted:
			fmt.Fprintf(sb, "      %s: skipped: %s\n", c.ID, c.Note)
			noted = true
		}
	}
}

func writeCheck(sb *strings.Builder, c *Check) {
	status := ""
	if c.Status != 0 {
		status = fmt.Sprintf(" -> %d", c.Status)
	}
	fmt.Fprintf(sb, "      %s: %s%s\n", c.ID, c.Request, status)
	for _, v := range c.Violations {
		allowed := ""
		if v.Allowed != "" {
			allowed = " (allowed: " + v.Allowed + ")"
		}
		fmt.Fprintf(sb, "        %s [%s]%s\n", v, v.Fingerprint, allowed)
	}
}

// jsonReport is the json format: the report, its verdict and its counts.
type jsonReport struct {
	Tool   string         `json:"tool"`
	Result Result         `json:"result"`
	Counts map[Result]int `json:"counts"`
	*Report
}

// WriteJSON writes the whole report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	out := jsonReport{Tool: "contract verify", Result: Pass, Counts: map[Result]int{}, Report: r}
	if r.Failed() {
		out.Result = Fail
	}
	for _, res := range []Result{Pass, Fail, Allowed, Unimplemented, Skipped} {
		out.Counts[res] = r.Count(res)
	}
	if out.Checks == nil {
		cp := *r
		cp.Checks = []Check{}
		out.Report = &cp
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// JUnit XML: one test suite per operation or action, one test case per check.
// Failed checks fail; unimplemented and skipped checks are skipped; allowed
// failures pass with their violations as output.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// WriteJUnit writes the report as JUnit XML.
func (r *Report) WriteJUnit(w io.Writer) error {
	root := junitSuites{Name: "contract verify"}
	checks := r.checksByID()
	add := func(prefix string, units []Unit) {
		for _, u := range units {
			suite := junitSuite{Name: prefix + " " + u.Name}
			for _, id := range u.Checks {
				c := checks[id]
				tc := junitCase{Name: c.ID, Classname: suite.Name, Time: fmt.Sprintf("%.3f", c.Duration.Seconds())}
				var lines []string
				for _, v := range c.Violations {
					line := v.String() + " [" + v.Fingerprint + "]"
					if v.Allowed != "" {
						line += " (allowed: " + v.Allowed + ")"
					}
					lines = append(lines, line)
				}
				switch c.Result {
				case Fail:
					tc.Failure = &junitFailure{Message: c.Violations[0].String(), Type: c.Violations[0].Code,
						Text: c.Request + "\n" + strings.Join(lines, "\n")}
					suite.Failures++
				case Unimplemented:
					tc.Skipped = &junitSkipped{Message: "unimplemented: " + c.Note}
					suite.Skipped++
				case Skipped:
					tc.Skipped = &junitSkipped{Message: c.Note}
					suite.Skipped++
				case Allowed:
					tc.SystemOut = c.Request + "\n" + strings.Join(lines, "\n")
				}
				suite.Cases = append(suite.Cases, tc)
				suite.Tests++
			}
			if suite.Tests == 0 {
				continue
			}
			root.Tests += suite.Tests
			root.Failures += suite.Failures
			root.Skipped += suite.Skipped
			root.Suites = append(root.Suites, suite)
		}
	}
	add("rest", r.REST)
	add("ws", r.WS)
	var undocumented []Unit
	for _, c := range r.Checks {
		if c.Operation == undocumentedFrames {
			undocumented = append(undocumented, Unit{Name: c.Operation, Checks: []string{c.ID}})
		}
	}
	add("ws", undocumented)
	return report.WriteXML(w, root)
}
