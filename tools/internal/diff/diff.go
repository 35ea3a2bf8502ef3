package diff

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/tools/internal/bundle"
	"github.com/talkamie/contract/tools/internal/diag"
	"github.com/talkamie/contract/tools/internal/load"
)

// API names the half of the contract a finding is about.
type API string

// The two halves of the contract.
const (
	REST      API = "rest"
	WebSocket API = "websocket"
)

// Direction says which way the data a finding is about travels.
type Direction string

// The directions. REST findings are about a request or a response (or neither, for a
// removed operation); WebSocket findings about a client or a server frame.
const (
	NoDirection    Direction = ""
	Request        Direction = "request"
	Response       Direction = "response"
	ClientToServer Direction = "client-to-server"
	ServerToClient Direction = "server-to-client"
)

// Finding is one change between the base and the head contract.
type Finding struct {
	// ID is the stable kebab-case rule id: oasdiff's ids for REST (`response-property-removed`),
	// `ws-...` for the WebSocket channel, `accepted-break-...` for the accepted-breaks file.
	ID string `json:"id"`
	// Level is error for a breaking change, warning for a change that may break some clients,
	// info for a compatible one.
	Level diag.Severity `json:"level"`
	API   API           `json:"api"`
	// Direction is the way the changed data travels.
	Direction Direction `json:"direction,omitempty"`
	// Operation is `METHOD /path` for REST and the canonical action for WebSocket.
	Operation string `json:"operation,omitempty"`
	// OperationID is the REST operationId, or the AsyncAPI message name.
	OperationID string `json:"operationId,omitempty"`
	// Location is where in the operation or message the change is, independent of files and
	// lines: oasdiff's property path and status for REST, a pointer into the payload for WebSocket.
	Location string `json:"location,omitempty"`
	// Schema is the schema file (under schemas/) the change is in, when it is in one.
	Schema string `json:"schema,omitempty"`
	// Pointer is the JSON pointer of the changed node inside Pos.File (head side; for a removed
	// node, its closest surviving parent).
	Pointer string   `json:"pointer,omitempty"`
	Pos     diag.Pos `json:"pos"`
	Message string   `json:"message"`
	// Fingerprint identifies the finding across runs: a hash of ID, Operation, Direction and
	// Location, so it survives edits that only move lines.
	Fingerprint string `json:"fingerprint"`
	// Accepted is the entry of the accepted-breaks file that covers this finding, if any.
	Accepted *Acceptance `json:"accepted,omitempty"`
}

// Breaking reports whether the finding breaks clients and is not accepted.
func (f Finding) Breaking() bool { return f.Level == diag.Error && f.Accepted == nil }

// fingerprint computes the finding's fingerprint from its stable parts.
func fingerprint(f Finding) string {
	h := sha256.New()
	for _, s := range []string{f.ID, f.Operation, string(f.Direction), f.Location} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// Result is the outcome of a comparison.
type Result struct {
	Findings []Finding `json:"findings"`
}

// Breaking returns how many findings break clients and are not accepted.
func (r *Result) Breaking() int {
	n := 0
	for _, f := range r.Findings {
		if f.Breaking() {
			n++
		}
	}
	return n
}

// Count returns how many findings have the level, accepted ones included.
func (r *Result) Count(level diag.Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Level == level {
			n++
		}
	}
	return n
}

// Accepted returns how many findings the accepted-breaks file covers.
func (r *Result) Accepted() int {
	n := 0
	for _, f := range r.Findings {
		if f.Accepted != nil {
			n++
		}
	}
	return n
}

// Options tune a comparison.
type Options struct {
	// Accepted lists the accepted breaks (see LoadAccepted). Nil accepts nothing.
	Accepted *AcceptedList
	// Now is the time expiry dates are compared with; zero means time.Now().
	Now time.Time
}

// ErrBundle is returned (wrapped, with the bundler's findings) when a side does not bundle.
var ErrBundle = errors.New("the contract does not bundle")

// Compare compares two loaded contracts.
func Compare(base, head *load.Contract, opts Options) (*Result, error) {
	var (
		sides [2]*side
		errs  [2]error
		wg    sync.WaitGroup
	)
	for i, c := range []*load.Contract{base, head} {
		wg.Go(func() { sides[i], errs[i] = newSide(c) })
	}
	wg.Wait()
	for i, name := range []string{"base", "head"} {
		if errs[i] != nil {
			return nil, fmt.Errorf("%s: %w", name, errs[i])
		}
	}
	b, h := sides[0], sides[1]
	sm := newSourceMap(head)
	findings, err := compareREST(b, h, sm)
	if err != nil {
		return nil, err
	}
	findings = append(findings, compareWS(b, h, sm)...)
	for i := range findings {
		findings[i].Fingerprint = fingerprint(findings[i])
	}
	findings = dedupe(findings)
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	findings = opts.Accepted.apply(findings, now)
	sortFindings(findings)
	return &Result{Findings: findings}, nil
}

// side is one bundled contract, parsed.
type side struct {
	contract *load.Contract
	// openapi and asyncapi are the bundled documents' top nodes (asyncapi is nil without one).
	openapi, asyncapi *yaml.Node
	// openapiJSON is the bundled OpenAPI document as JSON, stripped of what cannot break a
	// client (descriptions and examples), which is what oasdiff reads.
	openapiJSON []byte
}

func newSide(c *load.Contract) (*side, error) {
	res, err := bundle.Bundle(c)
	if err != nil {
		var l diag.List
		if errors.As(err, &l) {
			return nil, fmt.Errorf("%w: %w", ErrBundle, l)
		}
		return nil, err
	}
	s := &side{contract: c}
	if s.openapi, err = parseDoc(res.OpenAPI); err != nil {
		return nil, fmt.Errorf("bundled openapi: %w", err)
	}
	prune(s.openapi, false)
	if s.openapiJSON, err = toJSON(s.openapi); err != nil {
		return nil, fmt.Errorf("bundled openapi: %w", err)
	}
	if res.AsyncAPI != nil {
		if s.asyncapi, err = parseDoc(res.AsyncAPI); err != nil {
			return nil, fmt.Errorf("bundled asyncapi: %w", err)
		}
	}
	return s, nil
}

func parseDoc(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("not a mapping")
	}
	return doc.Content[0], nil
}

// dedupe drops findings that repeat an earlier one's fingerprint and message.
func dedupe(in []Finding) []Finding {
	type key struct{ fp, msg string }
	seen := make(map[key]bool, len(in))
	out := in[:0]
	for _, f := range in {
		k := key{f.Fingerprint, f.Message}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, f)
	}
	return out
}

// sortFindings orders findings by level (errors first), API, operation, direction, id and location.
func sortFindings(l []Finding) {
	slices.SortStableFunc(l, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.Level, b.Level),
			cmp.Compare(a.API, b.API),
			cmp.Compare(a.Operation, b.Operation),
			cmp.Compare(a.Direction, b.Direction),
			cmp.Compare(a.ID, b.ID),
			cmp.Compare(a.Location, b.Location),
			cmp.Compare(a.Message, b.Message),
		)
	})
}
