package report

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/talkamie/contract/tools/internal/diag"
)

// Format names an output format.
type Format string

// The output formats.
const (
	Text          Format = "text"
	JSON          Format = "json"
	GitHubActions Format = "github-actions"
	JUnit         Format = "junit"
	SARIF         Format = "sarif"
)

// Formats lists every format, in the order help texts show them.
func Formats() []Format { return []Format{Text, JSON, GitHubActions, JUnit, SARIF} }

// ParseFormat returns the format named s.
func ParseFormat(s string) (Format, error) { return Lookup(s, Formats()) }

// Lookup returns the format among formats named s; the error for any other
// name lists them. Commands with their own set of formats (diff, verify) parse
// their flag with it.
func Lookup[F ~string](s string, formats []F) (F, error) {
	for _, f := range formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q (want one of %s)", s, list(formats))
}

func list[F ~string](formats []F) string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// Rule describes a finding code, for formats that carry rule metadata (SARIF).
type Rule struct {
	Code    string
	Summary string
}

// Options describes the run the findings come from.
type Options struct {
	// Tool names the command ("contract lint"); JUnit and SARIF show it.
	Tool string
	// Rules describe the codes findings may carry; SARIF lists them.
	Rules []Rule
	// PathPrefix is joined in front of every finding's file (the contract directory relative
	// to the repository root), so CI annotations land on the right files. Empty keeps paths.
	PathPrefix string
}

// Write writes findings in format f. Findings are written in the order given; callers sort them.
func Write(w io.Writer, f Format, findings diag.List, opts Options) error {
	if opts.Tool == "" {
		opts.Tool = "contract"
	}
	if opts.PathPrefix != "" && opts.PathPrefix != "." {
		prefixed := make(diag.List, len(findings))
		for i, fd := range findings {
			fd.Pos.File = PrefixPath(opts.PathPrefix, fd.Pos.File)
			prefixed[i] = fd
		}
		findings = prefixed
	}
	switch f {
	case Text:
		return writeText(w, findings)
	case JSON:
		return writeJSON(w, findings, opts)
	case GitHubActions:
		return writeGitHub(w, findings)
	case JUnit:
		return writeJUnit(w, findings, opts)
	case SARIF:
		return writeSARIF(w, findings, opts)
	}
	return fmt.Errorf("unknown format %q (want one of %s)", f, list(Formats()))
}

// Summary is the one-line count of findings: "2 errors, 1 warning" or "no problems".
func Summary(findings diag.List) string {
	errs, warns, infos := findings.Count(diag.Error), findings.Count(diag.Warning), findings.Count(diag.Info)
	if errs+warns+infos == 0 {
		return "no problems"
	}
	parts := []string{Plural(errs, "error"), Plural(warns, "warning")}
	if infos > 0 {
		parts = append(parts, Plural(infos, "note"))
	}
	return strings.Join(parts, ", ")
}

// PrefixPath joins prefix (the contract directory relative to the repository
// root) in front of file, so CI annotations land on the right files. An empty
// file, or an empty or "." prefix, leaves file as it is.
func PrefixPath(prefix, file string) string {
	if prefix == "" || prefix == "." || file == "" {
		return file
	}
	return path.Join(prefix, file)
}

// Plural counts a word: "1 error", "2 errors".
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func writeText(w io.Writer, findings diag.List) error {
	var sb strings.Builder
	for _, f := range findings {
		// One finding per line, whatever its message holds.
		f.Message = strings.Join(strings.Fields(f.Message), " ")
		sb.WriteString(f.String())
		sb.WriteByte('\n')
	}
	sb.WriteString(Summary(findings))
	sb.WriteByte('\n')
	_, err := io.WriteString(w, sb.String())
	return err
}

// jsonReport is the json format: the findings and their counts.
type jsonReport struct {
	Tool     string         `json:"tool"`
	Findings []diag.Finding `json:"findings"`
	Errors   int            `json:"errors"`
	Warnings int            `json:"warnings"`
	Infos    int            `json:"infos"`
}

func writeJSON(w io.Writer, findings diag.List, opts Options) error {
	r := jsonReport{Tool: opts.Tool, Findings: findings, Errors: findings.Count(diag.Error),
		Warnings: findings.Count(diag.Warning), Infos: findings.Count(diag.Info)}
	if r.Findings == nil {
		r.Findings = []diag.Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// writeGitHub writes workflow commands that GitHub Actions turns into annotations:
// ::error file=F,line=L,col=C,title=CODE::message
func writeGitHub(w io.Writer, findings diag.List) error {
	var sb strings.Builder
	for _, f := range findings {
		level := map[diag.Severity]string{diag.Error: "error", diag.Warning: "warning", diag.Info: "notice"}[f.Severity]
		props := []string{}
		if f.Pos.File != "" {
			props = append(props, "file="+ghProperty(f.Pos.File))
		}
		if f.Pos.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", f.Pos.Line))
		}
		if f.Pos.Col > 0 {
			props = append(props, fmt.Sprintf("col=%d", f.Pos.Col))
		}
		props = append(props, "title="+ghProperty(f.Code))
		fmt.Fprintf(&sb, "::%s %s::%s\n", level, strings.Join(props, ","), ghData(f.Message))
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// JUnit XML: one test suite per file, one failing test case per error; warnings and notes are
// passing test cases with the finding as output, so the report fails exactly when the command does.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func writeJUnit(w io.Writer, findings diag.List, opts Options) error {
	root := junitSuites{Name: opts.Tool}
	index := map[string]int{}
	for _, f := range findings {
		file := f.Pos.File
		if file == "" {
			file = "(contract)"
		}
		i, ok := index[file]
		if !ok {
			i = len(root.Suites)
			index[file] = i
			root.Suites = append(root.Suites, junitSuite{Name: file})
		}
		c := junitCase{Name: f.Code + " at " + f.Pos.String(), Classname: file}
		if f.Severity == diag.Error {
			c.Failure = &junitFailure{Message: f.Message, Type: f.Severity.String(), Text: f.String()}
			root.Suites[i].Failures++
			root.Failures++
		} else {
			c.SystemOut = f.String()
		}
		root.Suites[i].Cases = append(root.Suites[i].Cases, c)
		root.Suites[i].Tests++
		root.Tests++
	}
	if len(root.Suites) == 0 {
		root.Suites = []junitSuite{{Name: opts.Tool, Tests: 1, Cases: []junitCase{{Name: "no problems", Classname: opts.Tool}}}}
		root.Tests = 1
	}
	return WriteXML(w, root)
}

// WriteXML writes v as an XML document: the header, v indented by two spaces,
// a final newline.
func WriteXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
