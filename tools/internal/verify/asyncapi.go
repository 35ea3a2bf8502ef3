package verify

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// asyncURL is the URL the AsyncAPI document is registered under for schema compilation.
const asyncURL = "urn:contract:asyncapi.json"

// maxFrameFindings bounds how many problems one frame reports.
const maxFrameFindings = 10

// asyncAPI is the AsyncAPI document, ready to send and validate frames with.
type asyncAPI struct {
	// client lists the client-to-server messages, sorted by action and name.
	client []*wsMessage
	// server holds the server-to-client messages by canonical action.
	server map[string][]*wsMessage
	// canonical maps every action name and alias to its canonical action.
	canonical map[string]string
	// auth is the client message that authenticates and the field carrying the token.
	auth      *wsMessage
	authField string
	// authOK is the boolean field of the reply that says whether authentication succeeded.
	authOK string
}

// wsMessage is one AsyncAPI message: an action in one direction.
type wsMessage struct {
	name, action, direction string
	schema                  *jsonschema.Schema
	examples                []namedFrame
	// replies are the messages the server answers this client message with.
	replies []*wsMessage
}

// namedFrame is one documented example payload.
type namedFrame struct {
	name    string
	payload map[string]any
}

// Directions, as x-direction spells them.
const (
	clientToServer = "client-to-server"
	serverToClient = "server-to-client"
)

func loadAsyncAPI(data []byte) (*asyncAPI, error) {
	var raw any
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("read the AsyncAPI document: %w", err)
	}
	js, err := json.Marshal(raw)
	if err != nil {
		return nil, fmt.Errorf("read the AsyncAPI document: %w", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	if err != nil {
		return nil, fmt.Errorf("read the AsyncAPI document: %w", err)
	}
	root, ok := doc.(map[string]any)
	if !ok {
		return nil, errors.New("the AsyncAPI document is not an object")
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(asyncURL, doc); err != nil {
		return nil, fmt.Errorf("the AsyncAPI document: %w", err)
	}
	a := &asyncAPI{server: map[string][]*wsMessage{}, canonical: map[string]string{}, authOK: "success"}
	byPtr := map[string]*wsMessage{}
	// message resolves a message reference, compiling it once.
	message := func(ref string, dir string) (*wsMessage, error) {
		ptr, node, err := follow(root, ref)
		if err != nil {
			return nil, err
		}
		if m := byPtr[ptr]; m != nil {
			return m, nil
		}
		m, err := readMessage(c, ptr, node, dir)
		if err != nil {
			return nil, err
		}
		byPtr[ptr] = m
		return m, nil
	}
	ops, _ := root["operations"].(map[string]any)
	names := sortedKeys(ops)
	for _, name := range names {
		op, _ := ops[name].(map[string]any)
		dir := clientToServer
		if op["action"] == "send" {
			dir = serverToClient
		}
		var msgs []*wsMessage
		for _, ref := range refsOf(op["messages"]) {
			m, err := message(ref, dir)
			if err != nil {
				return nil, fmt.Errorf("operation %s: %w", name, err)
			}
			msgs = append(msgs, m)
		}
		if reply, ok := op["reply"].(map[string]any); ok {
			for _, ref := range refsOf(reply["messages"]) {
				rm, err := message(ref, serverToClient)
				if err != nil {
					return nil, fmt.Errorf("operation %s reply: %w", name, err)
				}
				for _, m := range msgs {
					m.replies = append(m.replies, rm)
				}
			}
		}
	}
	for _, m := range byPtr {
		if m.direction == clientToServer {
			a.client = append(a.client, m)
		} else {
			a.server[m.action] = append(a.server[m.action], m)
		}
	}
	slices.SortFunc(a.client, func(x, y *wsMessage) int { return strings.Compare(x.action+" "+x.name, y.action+" "+y.name) })
	for _, list := range a.server {
		slices.SortFunc(list, func(x, y *wsMessage) int { return strings.Compare(x.name, y.name) })
	}
	if err := a.readAuth(root); err != nil {
		return nil, err
	}
	return a, nil
}

// readMessage reads the message at ptr: its action, aliases, examples and payload schema.
func readMessage(c *jsonschema.Compiler, ptr string, node map[string]any, dir string) (*wsMessage, error) {
	m := &wsMessage{direction: dir}
	m.name, _ = node["name"].(string)
	if m.name == "" {
		m.name = ptr[strings.LastIndex(ptr, "/")+1:]
	}
	if d, ok := node["x-direction"].(string); ok && (d == clientToServer || d == serverToClient) {
		m.direction = d
	}
	payload, ok := node["payload"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("message %s has no payload", m.name)
	}
	schema, err := c.Compile(asyncURL + "#" + ptr + "/payload")
	if err != nil {
		return nil, fmt.Errorf("message %s: the payload schema does not compile: %w", m.name, err)
	}
	m.schema = schema
	m.action, _ = node["x-action"].(string)
	if m.action == "" {
		m.action = pinnedAction(payload)
	}
	if m.action == "" {
		return nil, fmt.Errorf("message %s: no x-action, and its payload does not pin \"action\"", m.name)
	}
	exs, _ := node["examples"].([]any)
	for i, x := range exs {
		ex, _ := x.(map[string]any)
		p, ok := ex["payload"].(map[string]any)
		if !ok {
			continue
		}
		name, _ := ex["name"].(string)
		if name == "" {
			name = strconv.Itoa(i + 1)
		}
		m.examples = append(m.examples, namedFrame{name: name, payload: p})
	}
	return m, nil
}

// pinnedAction returns the const (or single enum value) of the payload's action
// property, following one local $ref; "" when it has none.
func pinnedAction(payload map[string]any) string {
	props, _ := payload["properties"].(map[string]any)
	action, _ := props["action"].(map[string]any)
	if s, ok := action["const"].(string); ok {
		return s
	}
	if e, ok := action["enum"].([]any); ok && len(e) == 1 {
		s, _ := e[0].(string)
		return s
	}
	return ""
}

// readAuth finds the authentication message: x-verify.authenticate, or the
// first client message with a required "token" property.
func (a *asyncAPI) readAuth(root map[string]any) error {
	for _, m := range a.client {
		a.canonical[m.action] = m.action
	}
	for action := range a.server {
		a.canonical[action] = action
	}
	if err := a.readAliases(root); err != nil {
		return err
	}
	if xv, ok := root["x-verify"].(map[string]any); ok {
		auth, _ := xv["authenticate"].(map[string]any)
		name, _ := auth["message"].(string)
		field, _ := auth["tokenField"].(string)
		if name == "" || field == "" {
			return errors.New("x-verify.authenticate needs message and tokenField")
		}
		if ok, set := auth["successField"].(string); set {
			a.authOK = ok
		}
		for _, m := range a.client {
			if m.name == name {
				a.auth, a.authField = m, field
				return nil
			}
		}
		return fmt.Errorf("x-verify.authenticate.message: no client message %q", name)
	}
	for _, m := range a.client {
		for _, ex := range m.examples {
			if _, ok := ex.payload["token"]; ok {
				a.auth, a.authField = m, "token"
				return nil
			}
		}
	}
	return nil
}

// readAliases records every message's x-aliases.
func (a *asyncAPI) readAliases(root map[string]any) error {
	comps, _ := root["components"].(map[string]any)
	msgs, _ := comps["messages"].(map[string]any)
	for _, name := range sortedKeys(msgs) {
		m, _ := msgs[name].(map[string]any)
		action, _ := m["x-action"].(string)
		if action == "" {
			continue
		}
		aliases, _ := m["x-aliases"].([]any)
		for _, x := range aliases {
			alias, _ := x.(string)
			if alias == "" {
				continue
			}
			if prev, ok := a.canonical[alias]; ok && prev != action {
				return fmt.Errorf("message %s: alias %q already names %q", name, alias, prev)
			}
			a.canonical[alias] = action
		}
	}
	return nil
}

// units lists the canonical actions clients send, and the actions of which
// frames were received (checks), sorted.
func (a *asyncAPI) units(checks []Check) []unitDef {
	seen := map[string]bool{}
	for _, m := range a.client {
		seen[m.action] = true
	}
	for _, c := range checks {
		if c.Kind == kindFrames && a.server[c.Operation] != nil {
			seen[c.Operation] = true
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	slices.Sort(names)
	out := make([]unitDef, len(names))
	for i, n := range names {
		out[i] = unitDef{name: n}
	}
	return out
}

// pushes lists the server actions that answer no client message, sorted.
func (a *asyncAPI) pushes() []string {
	replies := map[string]bool{}
	for _, m := range a.client {
		for _, r := range m.replies {
			replies[r.action] = true
		}
	}
	var out []string
	for action := range a.server {
		if !replies[action] {
			out = append(out, action)
		}
	}
	slices.Sort(out)
	return out
}

// follow resolves a local reference ("#/components/messages/X"), following
// $ref chains, and returns the final pointer and node.
func follow(root map[string]any, ref string) (string, map[string]any, error) {
	for range 16 {
		ptr, ok := strings.CutPrefix(ref, "#")
		if !ok {
			return "", nil, fmt.Errorf("reference %q is not local to the document", ref)
		}
		node, ok := lookup(root, ptr).(map[string]any)
		if !ok {
			return "", nil, fmt.Errorf("reference %q does not resolve to an object", ref)
		}
		next, ok := node["$ref"].(string)
		if !ok {
			return ptr, node, nil
		}
		ref = next
	}
	return "", nil, fmt.Errorf("reference %q: too many indirections", ref)
}

// lookup resolves a JSON pointer in a decoded document.
func lookup(v any, ptr string) any {
	if ptr == "" {
		return v
	}
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch x := v.(type) {
		case map[string]any:
			v = x[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// refsOf returns the $ref of each item of a list of references.
func refsOf(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		if m, ok := x.(map[string]any); ok {
			if ref, ok := m["$ref"].(string); ok {
				out = append(out, ref)
			}
		}
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// frameProblem is one reason a frame does not match a message schema.
type frameProblem struct {
	location, code, message string
}

// validateFrame validates a decoded frame against a message's schema.
func (m *wsMessage) validateFrame(frame any) []frameProblem {
	err := m.schema.Validate(frame)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []frameProblem{{location: "frame", code: "invalid", message: "the frame is not valid"}}
	}
	var out []frameProblem
	printer := message.NewPrinter(language.English)
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(out) >= maxFrameFindings {
			return
		}
		_, oneOf := e.ErrorKind.(*kind.OneOf)
		_, anyOf := e.ErrorKind.(*kind.AnyOf)
		if len(e.Causes) > 0 && !((oneOf || anyOf) && len(e.Causes) > 1) {
			// A union whose branches all fail is reported once: listing every
			// branch's problems would blame shapes the frame never meant.
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		p := frameProblem{location: frameLocation(e.InstanceLocation)}
		p.code, p.message = describeKind(e.ErrorKind, printer)
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	walk(ve)
	return out
}

// frameLocation renders an instance location as frame.data.messages[0].id.
func frameLocation(toks []string) string {
	var sb strings.Builder
	sb.WriteString("frame")
	for _, t := range toks {
		if _, err := strconv.Atoi(t); err == nil {
			sb.WriteString("[" + t + "]")
			continue
		}
		sb.WriteString("." + t)
	}
	return sb.String()
}

// describeKind returns a stable code and a message for a validation error that
// never echoes the offending value.
func describeKind(k jsonschema.ErrorKind, p *message.Printer) (string, string) {
	switch k := k.(type) {
	case *kind.Required:
		return "required", fmt.Sprintf("missing properties %s", quoteAll(k.Missing))
	case *kind.AdditionalProperties:
		return "unknown-field", fmt.Sprintf("properties %s are not allowed", quoteAll(k.Properties))
	case *kind.Type:
		return "type", fmt.Sprintf("must be %s, not %s", strings.Join(k.Want, " or "), k.Got)
	case *kind.Const:
		return "const", k.LocalizedString(p)
	case *kind.Enum:
		return "enum", k.LocalizedString(p)
	case *kind.Format:
		return "format", "must be a valid " + k.Want
	case *kind.Pattern:
		return "pattern", fmt.Sprintf("must match the pattern %q", k.Want)
	case *kind.MinLength, *kind.MaxLength, *kind.Minimum, *kind.Maximum, *kind.ExclusiveMinimum,
		*kind.ExclusiveMaximum, *kind.MinItems, *kind.MaxItems, *kind.MinProperties, *kind.MaxProperties,
		*kind.MultipleOf, *kind.UniqueItems:
		return strings.Join(k.KeywordPath(), "-"), k.LocalizedString(p)
	case *kind.FalseSchema:
		return "not-allowed", "no value is allowed here"
	case *kind.OneOf:
		return "one-of", "must match exactly one of the allowed shapes"
	case *kind.AnyOf:
		return "any-of", "must match at least one of the allowed shapes"
	}
	if kp := k.KeywordPath(); len(kp) > 0 {
		return kp[0], "fails " + strings.Join(kp, "/")
	}
	return "invalid", "the value is not valid"
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}
