package report

import (
	"encoding/json"
	"io"
	"slices"

	"github.com/talkamie/contract/tools/internal/diag"
)

// The subset of SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) the tools write.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name  string      `json:"name"`
	Rules []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string       `json:"id"`
	ShortDescription sarifMessage `json:"shortDescription"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

func writeSARIF(w io.Writer, findings diag.List, opts Options) error {
	rules := make([]sarifRule, 0, len(opts.Rules))
	index := map[string]int{}
	for _, r := range opts.Rules {
		if _, dup := index[r.Code]; dup {
			continue
		}
		index[r.Code] = len(rules)
		rules = append(rules, sarifRule{ID: r.Code, ShortDescription: sarifMessage{Text: r.Summary}})
	}
	// Codes without metadata still get a rule entry, so every ruleIndex is valid.
	var extra []string
	for _, f := range findings {
		if _, ok := index[f.Code]; !ok && !slices.Contains(extra, f.Code) {
			extra = append(extra, f.Code)
		}
	}
	slices.Sort(extra)
	for _, code := range extra {
		index[code] = len(rules)
		rules = append(rules, sarifRule{ID: code, ShortDescription: sarifMessage{Text: code}})
	}
	results := make([]sarifResult, 0, len(findings))
	for _, f := range findings {
		r := sarifResult{RuleID: f.Code, RuleIndex: index[f.Code], Level: sarifLevel(f.Severity), Message: sarifMessage{Text: f.Message}}
		if f.Pos.File != "" {
			loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: f.Pos.File}}}
			if f.Pos.Line > 0 {
				loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Pos.Line, StartColumn: f.Pos.Col}
			}
			r.Locations = []sarifLocation{loc}
		}
		results = append(results, r)
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{Driver: sarifDriver{Name: opts.Tool, Rules: rules}}, Results: results}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

func sarifLevel(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "error"
	case diag.Warning:
		return "warning"
	}
	return "note"
}
