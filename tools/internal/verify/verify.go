package verify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ErrCannotRun is wrapped by Run's errors when the run could not take place: the
// contract cannot be read, or the target cannot be reached at all.
var ErrCannotRun = errors.New("verify could not run")

// Spec is a bundled contract: an OpenAPI 3.0 document (YAML or JSON) and,
// optionally, its AsyncAPI 3.0 document.
type Spec struct {
	OpenAPI  []byte
	AsyncAPI []byte
}

// Options configure a run.
type Options struct {
	// Target is the base URL of the REST API. When it has no path, the path of
	// the document's first server URL ("/v1") is appended.
	Target string
	// WebSocket is the URL of the WebSocket channel; empty skips the WebSocket checks.
	WebSocket string
	// Token is the bearer token for secured operations and the socket. Empty
	// means: sign in as the contract's x-verify extension says, if it does.
	Token string
	// Client sends the HTTP requests; nil uses a client with Timeout.
	Client *http.Client
	// Timeout bounds each HTTP request and the WebSocket handshake (default 10s).
	Timeout time.Duration
	// ReplyTimeout is how long a WebSocket reply is awaited (default 5s).
	ReplyTimeout time.Duration
	// Baseline accepts known failures; nil accepts none.
	Baseline *Baseline
	// Now is the date expiring baseline entries are compared with; zero means time.Now.
	Now time.Time
}

func (o *Options) defaults() {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.ReplyTimeout <= 0 {
		o.ReplyTimeout = 5 * time.Second
	}
	if o.Client == nil {
		o.Client = &http.Client{Timeout: o.Timeout, CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}}
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
}

// Result is the outcome of a check, an operation or an action.
type Result string

// The results, from best to worst as a summary reads them.
const (
	// Pass: every answer was documented and valid.
	Pass Result = "pass"
	// Allowed: every violation is accepted by the baseline.
	Allowed Result = "allowed"
	// Skipped: the check could not be sent (no example, no token, not applicable).
	Skipped Result = "skipped"
	// Unimplemented: the target answered 501 Not Implemented.
	Unimplemented Result = "unimplemented"
	// Fail: at least one violation is not accepted.
	Fail Result = "fail"
)

// Violation is one way an answer breaks the contract.
type Violation struct {
	// Code is a stable kebab-case code: undocumented-status, invalid-body,
	// accepted-invalid-request, server-error, missing-reply, invalid-frame, ...
	Code string `json:"code"`
	// Location is where in the answer the problem is ("body.data.id",
	// "frame.data.call.status", "status"), when known.
	Location string `json:"location,omitempty"`
	// Message says what is wrong; it never echoes tokens.
	Message string `json:"message"`
	// Fingerprint identifies the violation across runs: a hash of the check id,
	// the code and the location.
	Fingerprint string `json:"fingerprint"`
	// Allowed is the baseline's reason when the violation is accepted.
	Allowed string `json:"allowed,omitempty"`
}

// String formats the violation as `code at location: message`.
func (v Violation) String() string {
	if v.Location == "" {
		return v.Code + ": " + v.Message
	}
	return v.Code + " at " + v.Location + ": " + v.Message
}

// Check is one request (or frame) sent to the target and what came back.
type Check struct {
	// ID is stable across runs: rest:<operationId>:<kind>[:<name>] or
	// ws:<action>:<kind>[:<name>].
	ID string `json:"id"`
	// Kind is example, missing-field, wrong-type, missing-bearer, sign-in,
	// connect, authenticate or frames.
	Kind string `json:"kind"`
	// Operation is the operationId, or the canonical action of a WebSocket check.
	Operation string `json:"operation"`
	// Request describes what was sent: "POST /v1/auth/sign-in (example password)".
	Request string `json:"request"`
	// Status is the HTTP status of the answer (0 for WebSocket checks or when none came).
	Status int `json:"status,omitempty"`
	// Result is the outcome.
	Result Result `json:"result"`
	// Note explains a skip, an unimplemented answer or an error answer to an example.
	Note string `json:"note,omitempty"`
	// Violations lists every problem found, allowed ones included.
	Violations []Violation `json:"violations,omitempty"`
	// Duration is how long the check took.
	Duration time.Duration `json:"durationNs"`
}

func (c *Check) violate(code, location, format string, args ...any) {
	sum := sha256.Sum256([]byte(c.ID + "\x00" + code + "\x00" + location))
	c.Violations = append(c.Violations, Violation{
		Code: code, Location: location, Message: fmt.Sprintf(format, args...),
		Fingerprint: hex.EncodeToString(sum[:8]),
	})
}

// settle sets the result from the violations: fail on any not allowed, allowed
// when all are; without violations a skipped or unimplemented check keeps its result.
func (c *Check) settle() {
	if len(c.Violations) == 0 {
		if c.Result == "" {
			c.Result = Pass
		}
		return
	}
	c.Result = Allowed
	for _, v := range c.Violations {
		if v.Allowed == "" {
			c.Result = Fail
			return
		}
	}
}

// Unit is the result of one operation or WebSocket action: its checks, rolled up.
type Unit struct {
	// Name is the operationId or the canonical action.
	Name string `json:"name"`
	// Method and Path locate a REST operation.
	Method string `json:"method,omitempty"`
	Path   string `json:"path,omitempty"`
	// Result is fail when any check failed, unimplemented when the target
	// answered 501 to every example, skipped when no example could be sent
	// (negative checks alone do not make a pass), else allowed or pass.
	Result Result `json:"result"`
	// Checks are the ids of the unit's checks.
	Checks []string `json:"checks"`
}

// Coverage counts what the run exercised.
type Coverage struct {
	// Operations is the number of documented operations.
	Operations int `json:"operations"`
	// Implemented counts operations that answered at least one documented
	// request example with something other than 501.
	Implemented int `json:"implemented"`
	// Unimplemented counts operations that answered 501 to every example sent
	// (their negative checks may still pass: request validation runs first).
	Unimplemented int `json:"unimplemented"`
	// Statuses is the number of documented (operation, status) pairs.
	Statuses int `json:"statuses"`
	// StatusesSeen counts documented pairs the target answered with.
	StatusesSeen int `json:"statusesSeen"`
	// ClientActions is the number of client messages of the AsyncAPI document
	// (0 without a WebSocket run).
	ClientActions int `json:"clientActions,omitempty"`
	// ActionsSent counts client messages sent at least once.
	ActionsSent int `json:"actionsSent,omitempty"`
	// Replies is the number of client messages that declare a reply.
	Replies int `json:"replies,omitempty"`
	// RepliesSeen counts declared replies received.
	RepliesSeen int `json:"repliesSeen,omitempty"`
	// Pushes is the number of server actions that are not replies (pushes, relays).
	Pushes int `json:"pushes,omitempty"`
	// PushesSeen counts pushed actions at least one frame of which was received.
	PushesSeen int `json:"pushesSeen,omitempty"`
}

// Report is the outcome of a run.
type Report struct {
	// Target is the REST base URL the checks were sent to.
	Target string `json:"target"`
	// WebSocket is the socket URL, empty when the WebSocket was not checked.
	WebSocket string `json:"websocket,omitempty"`
	// Checks lists every check in the order it ran.
	Checks []Check `json:"checks"`
	// REST holds one unit per documented operation, sorted by path and method.
	REST []Unit `json:"operations"`
	// WS holds one unit per client action, and per pushed action a frame of which arrived.
	WS []Unit `json:"actions,omitempty"`
	// Coverage counts what the run exercised.
	Coverage Coverage `json:"coverage"`
	// Baseline notes expired or unused allow entries.
	Baseline []string `json:"baseline,omitempty"`
}

// Failed reports whether any violation is not accepted by the baseline.
func (r *Report) Failed() bool {
	for _, c := range r.Checks {
		if c.Result == Fail {
			return true
		}
	}
	return false
}

// Count returns how many checks have the result.
func (r *Report) Count(res Result) int {
	n := 0
	for _, c := range r.Checks {
		if c.Result == res {
			n++
		}
	}
	return n
}

// Run verifies the target against spec. It returns an error wrapping
// ErrCannotRun when the contract cannot be read or the target cannot be
// reached; every other problem is in the report.
func Run(ctx context.Context, spec Spec, opts Options) (*Report, error) {
	opts.defaults()
	api, err := loadREST(spec.OpenAPI)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCannotRun, err)
	}
	base, err := baseURL(opts.Target, api.basePath)
	if err != nil {
		return nil, fmt.Errorf("%w: --target: %w", ErrCannotRun, err)
	}
	var ws *asyncAPI
	if opts.WebSocket != "" {
		if len(spec.AsyncAPI) == 0 {
			return nil, fmt.Errorf("%w: the contract has no AsyncAPI document to verify the WebSocket with", ErrCannotRun)
		}
		if ws, err = loadAsyncAPI(spec.AsyncAPI); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrCannotRun, err)
		}
	}
	r := &runner{opts: opts, api: api, base: base}
	rep := &Report{Target: base.String(), WebSocket: opts.WebSocket}
	if err := r.runREST(ctx, rep); err != nil {
		return nil, err
	}
	if ws != nil {
		if err := r.runWS(ctx, ws, rep); err != nil {
			return nil, err
		}
	}
	r.runLast(ctx, rep)
	r.restCoverage(rep)
	if opts.Baseline != nil {
		rep.Baseline = opts.Baseline.apply(rep.Checks, opts.Now)
	}
	for i := range rep.Checks {
		rep.Checks[i].settle()
	}
	rep.REST = rollUp(rep.Checks, api.units)
	if ws != nil {
		rep.WS = rollUp(rep.Checks, ws.units(rep.Checks))
	}
	return rep, nil
}

// runner holds what every check needs.
type runner struct {
	opts  Options
	api   *restAPI
	base  *url.URL
	token string
	// tokenNote says why there is no token, for skipped checks.
	tokenNote string
	// seen records the documented statuses the target answered with.
	seen map[answered]bool
	// last holds the requests of x-verify.last, sent after the WebSocket checks.
	last []*request
}

// answered is a documented response of an operation: its operationId and response key ("200", "4XX").
type answered struct{ op, key string }

// baseURL joins the target with the document's base path when the target has none.
func baseURL(target, docBase string) (*url.URL, error) {
	if target == "" {
		return nil, errors.New("a target URL is required")
	}
	u, err := url.Parse(target)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("want an http or https URL, got %q", target)
	}
	if strings.Trim(u.Path, "/") == "" {
		u.Path = docBase
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

// unitDef declares a unit before the run: its name and where it lives.
type unitDef struct {
	name, method, path string
}

// rollUp computes each unit's result from its checks (whose Operation is the unit's name).
func rollUp(checks []Check, defs []unitDef) []Unit {
	byName := map[string][]*Check{}
	for i := range checks {
		byName[checks[i].Operation] = append(byName[checks[i].Operation], &checks[i])
	}
	out := make([]Unit, 0, len(defs))
	for _, d := range defs {
		u := Unit{Name: d.name, Method: d.method, Path: d.path, Checks: []string{}}
		cs := byName[d.name]
		var sent, unimpl, fail, allowed bool
		examples, exampleUnimpl, exampleSkipped := 0, 0, 0
		for _, c := range cs {
			u.Checks = append(u.Checks, c.ID)
			switch c.Result {
			case Fail:
				fail = true
			case Allowed:
				allowed, sent = true, true
			case Unimplemented:
				unimpl = true
			case Pass:
				sent = true
			}
			if c.Kind == kindExample {
				examples++
				switch c.Result {
				case Unimplemented:
					exampleUnimpl++
				case Skipped:
					exampleSkipped++
				}
			}
		}
		switch {
		case fail:
			u.Result = Fail
		case unimpl && (examples == 0 || exampleUnimpl == examples):
			u.Result = Unimplemented
		case examples > 0 && exampleSkipped == examples:
			u.Result = Skipped
		case allowed:
			u.Result = Allowed
		case sent:
			u.Result = Pass
		default:
			u.Result = Skipped
		}
		out = append(out, u)
	}
	return out
}
