package diff

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/talkamie/contract/tools/internal/diag"
	"github.com/talkamie/contract/tools/internal/report"
)

// Format names an output format of a diff.
type Format string

// The output formats.
const (
	Text          Format = "text"
	JSON          Format = "json"
	GitHubActions Format = "github-actions"
	JUnit         Format = "junit"
	Markdown      Format = "markdown"
)

// Formats lists every format, in the order help texts show them.
func Formats() []Format { return []Format{Text, JSON, GitHubActions, JUnit, Markdown} }

// ParseFormat returns the format named s.
func ParseFormat(s string) (Format, error) { return report.Lookup(s, Formats()) }

// WriteOptions describe the run being reported.
type WriteOptions struct {
	// Base and Head name the compared versions (a git revision or a directory).
	Base, Head string
	// PathPrefix is joined in front of every file (the contract directory relative to the
	// repository root), so CI annotations land on the right files.
	PathPrefix string
	// MinLevel leaves out findings below it (info shows everything).
	MinLevel diag.Severity
}

// Write writes a result in format f.
func Write(w io.Writer, f Format, r *Result, opts WriteOptions) error {
	findings := make([]Finding, 0, len(r.Findings))
	for _, fd := range r.Findings {
		if fd.Level > opts.MinLevel {
			continue
		}
		if fd.Pos.File != "" {
			fd.Pos.File = report.PrefixPath(opts.PathPrefix, fd.Pos.File)
			fd.Schema = report.PrefixPath(opts.PathPrefix, fd.Schema)
		}
		findings = append(findings, fd)
	}
	switch f {
	case Text:
		return writeText(w, findings, r, opts)
	case JSON:
		return writeJSON(w, findings, r, opts)
	case GitHubActions, JUnit:
		rf := report.GitHubActions
		if f == JUnit {
			rf = report.JUnit
		}
		return report.Write(w, rf, toDiag(findings), report.Options{Tool: "contract diff"})
	case Markdown:
		return writeMarkdown(w, findings, r, opts)
	}
	_, err := ParseFormat(string(f))
	return err
}

// summary is the one-line outcome: "2 breaking changes (1 accepted), 3 warnings, 40 compatible changes".
func summary(r *Result) string {
	errs, accepted := r.Count(diag.Error), r.Accepted()
	parts := []string{report.Plural(errs, "breaking change")}
	if accepted > 0 {
		parts[0] += fmt.Sprintf(" (%d accepted)", accepted)
	}
	parts = append(parts, report.Plural(r.Count(diag.Warning), "warning"), report.Plural(r.Count(diag.Info), "compatible change"))
	return strings.Join(parts, ", ")
}

// subject names what a finding is about: `GET /users (request)`, `chat.message.send (client-to-server)`.
func subject(f Finding) string {
	s := f.Operation
	if f.Direction != NoDirection {
		s += " (" + string(f.Direction) + ")"
	}
	return strings.TrimSpace(s)
}

// levelName is a finding's level as shown, with accepted breaks marked.
func levelName(f Finding) string {
	if f.Accepted != nil {
		return "accepted"
	}
	return f.Level.String()
}

func writeText(w io.Writer, findings []Finding, r *Result, opts WriteOptions) error {
	var sb strings.Builder
	for _, f := range findings {
		fmt.Fprintf(&sb, "%s: %s %s: ", f.Pos, levelName(f), f.ID)
		if s := subject(f); s != "" {
			fmt.Fprintf(&sb, "%s: ", s)
		}
		sb.WriteString(f.Message)
		var extra []string
		if f.Schema != "" && f.Schema != f.Pos.File {
			extra = append(extra, "in "+f.Schema)
		}
		if f.Accepted != nil {
			extra = append(extra, fmt.Sprintf("accepted until %s: %s", f.Accepted.Expires, f.Accepted.Reason))
		}
		extra = append(extra, "fingerprint "+f.Fingerprint)
		fmt.Fprintf(&sb, " [%s]\n", strings.Join(extra, "; "))
	}
	fmt.Fprintf(&sb, "%s -> %s: %s\n", opts.Base, opts.Head, summary(r))
	_, err := io.WriteString(w, sb.String())
	return err
}

// jsonReport is the json format.
type jsonReport struct {
	Tool     string    `json:"tool"`
	Base     string    `json:"base"`
	Head     string    `json:"head"`
	Breaking int       `json:"breaking"`
	Accepted int       `json:"accepted"`
	Errors   int       `json:"errors"`
	Warnings int       `json:"warnings"`
	Infos    int       `json:"infos"`
	Findings []Finding `json:"findings"`
}

func writeJSON(w io.Writer, findings []Finding, r *Result, opts WriteOptions) error {
	if findings == nil {
		findings = []Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(jsonReport{Tool: "contract diff", Base: opts.Base, Head: opts.Head, Breaking: r.Breaking(),
		Accepted: r.Accepted(), Errors: r.Count(diag.Error), Warnings: r.Count(diag.Warning), Infos: r.Count(diag.Info),
		Findings: findings})
}

// toDiag turns findings into lint-style findings for the shared report formats. Accepted
// breaks become notes, so annotations and JUnit failures match the exit status.
func toDiag(findings []Finding) diag.List {
	out := make(diag.List, 0, len(findings))
	for _, f := range findings {
		sev := f.Level
		msg := f.Message
		if s := subject(f); s != "" {
			msg = s + ": " + msg
		}
		if f.Schema != "" && f.Schema != f.Pos.File {
			msg += " (in " + f.Schema + ")"
		}
		if f.Accepted != nil {
			sev = diag.Info
			msg += fmt.Sprintf(" (accepted until %s: %s)", f.Accepted.Expires, f.Accepted.Reason)
		}
		msg += " [fingerprint " + f.Fingerprint + "]"
		out = append(out, diag.Finding{Code: f.ID, Severity: sev, Pos: f.Pos, Pointer: f.Pointer, Message: msg})
	}
	return out
}

// markdownMaxRows keeps a PR comment readable; the rest is counted.
const markdownMaxRows = 100

func writeMarkdown(w io.Writer, findings []Finding, r *Result, opts WriteOptions) error {
	var sb strings.Builder
	status := "No breaking changes"
	if n := r.Breaking(); n > 0 {
		status = report.Plural(n, "breaking change")
	}
	fmt.Fprintf(&sb, "## Contract diff: %s\n\n", status)
	fmt.Fprintf(&sb, "`%s` → `%s`: %s.\n\n", mdCode(opts.Base), mdCode(opts.Head), summary(r))
	sb.WriteString("| | REST | WebSocket |\n|---|---:|---:|\n")
	for _, row := range []struct {
		name  string
		match func(Finding) bool
	}{
		{"Breaking", Finding.Breaking},
		{"Accepted", func(f Finding) bool { return f.Accepted != nil }},
		{"Warning", func(f Finding) bool { return f.Level == diag.Warning }},
		{"Compatible", func(f Finding) bool { return f.Level == diag.Info }},
	} {
		var rest, ws int
		for _, f := range r.Findings {
			if !row.match(f) {
				continue
			}
			switch f.API {
			case REST:
				rest++
			case WebSocket:
				ws++
			}
		}
		fmt.Fprintf(&sb, "| %s | %d | %d |\n", row.name, rest, ws)
	}
	if len(findings) > 0 {
		sb.WriteString("\n| Level | Rule | Operation / action | Direction | Change | Where | Fingerprint |\n|---|---|---|---|---|---|---|\n")
		for i, f := range findings {
			if i == markdownMaxRows {
				fmt.Fprintf(&sb, "\n… and %d more (run `contract diff --format text` for all).\n", len(findings)-i)
				break
			}
			where := "`" + mdCode(f.Pos.String()) + "`"
			if f.Schema != "" && f.Schema != f.Pos.File {
				where += " (schema `" + mdCode(f.Schema) + "`)"
			}
			fmt.Fprintf(&sb, "| %s | `%s` | %s | %s | %s | %s | `%s` |\n", levelIcon(f), f.ID, mdCell(f.Operation),
				f.Direction, mdCell(f.Message), where, f.Fingerprint)
		}
	}
	if r.Breaking() > 0 {
		sb.WriteString("\nTo accept a break on purpose, add its fingerprint with a reason and an expiry date to `" +
			DefaultAcceptedFile + "` (see docs/breaking-changes.md).\n")
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

func levelIcon(f Finding) string {
	switch {
	case f.Accepted != nil:
		return "✅ accepted"
	case f.Level == diag.Error:
		return "❌ error"
	case f.Level == diag.Warning:
		return "⚠️ warning"
	}
	return "ℹ️ info"
}

// mdCell escapes text for a table cell.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

// mdCode makes text safe inside backticks in a table.
func mdCode(s string) string {
	return strings.NewReplacer("`", "'", "|", `\|`, "\n", " ").Replace(s)
}
