package diff

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/tools/internal/diag"
)

// wsMessage is one AsyncAPI message of a bundled document: one action in one direction.
type wsMessage struct {
	name      string
	action    string
	direction Direction
	aliases   []string
	// ptr is the message's pointer in the bundled document, payload its payload schema.
	ptr        string
	payload    *yaml.Node
	payloadPtr string
}

// wsKey identifies a message across versions: its canonical action and direction.
type wsKey struct {
	action    string
	direction Direction
}

// wsMessages reads the messages of a bundled AsyncAPI document, keyed by action and direction.
// A message's action is its x-action (else the const its payload pins on `action`, else its
// name), its direction its x-direction (else the operations that send or receive it).
func wsMessages(doc *yaml.Node) map[wsKey]*wsMessage {
	out := map[wsKey]*wsMessage{}
	if doc == nil {
		return out
	}
	opDirs := operationDirections(doc)
	msgs := child(child(doc, "components"), "messages")
	if msgs == nil {
		return out
	}
	for i := 0; i+1 < len(msgs.Content); i += 2 {
		name, n := msgs.Content[i].Value, msgs.Content[i+1]
		ptr := join("/components/messages", name)
		n, ptr = deref(doc, n, ptr)
		m := &wsMessage{name: name, ptr: ptr, aliases: stringList(n, "x-aliases"),
			action: str(n, "x-action"), direction: Direction(str(n, "x-direction"))}
		if p := child(n, "payload"); p != nil {
			pp := join(ptr, "payload")
			if child(p, "schemaFormat") != nil && child(p, "schema") != nil {
				p, pp = child(p, "schema"), join(pp, "schema")
			}
			m.payload, m.payloadPtr = deref(doc, p, pp)
		}
		if m.action == "" {
			m.action = pinnedAction(doc, m.payload)
		}
		if m.action == "" {
			m.action = name
		}
		if m.direction == NoDirection {
			m.direction = opDirs[name]
		}
		out[wsKey{m.action, m.direction}] = m
	}
	return out
}

// pinnedAction returns the value a payload schema pins its `action` property to.
func pinnedAction(doc, payload *yaml.Node) string {
	p, _ := deref(doc, child(child(payload, "properties"), "action"), "")
	if v := str(p, "const"); v != "" {
		return v
	}
	if e := stringList(p, "enum"); len(e) == 1 {
		return e[0]
	}
	return ""
}

// operationDirections maps message names to the direction the operations using them give:
// the server receives client frames and sends server frames; a reply goes the other way.
func operationDirections(doc *yaml.Node) map[string]Direction {
	out := map[string]Direction{}
	ops := child(doc, "operations")
	if ops == nil {
		return out
	}
	for i := 0; i+1 < len(ops.Content); i += 2 {
		op := ops.Content[i+1]
		dir, reply := ClientToServer, ServerToClient
		if str(op, "action") == "send" {
			dir, reply = ServerToClient, ClientToServer
		}
		if m := child(op, "messages"); m != nil {
			for _, ref := range m.Content {
				out[lastToken(str(ref, "$ref"))] = dir
			}
		}
		if r := child(child(op, "reply"), "messages"); r != nil {
			for _, ref := range r.Content {
				out[lastToken(str(ref, "$ref"))] = reply
			}
		}
	}
	return out
}

func lastToken(ref string) string {
	_, last := splitLast(ref)
	return last
}

// compareWS compares the messages of the two bundled AsyncAPI documents.
func compareWS(base, head *side, sm *sourceMap) []Finding {
	bm, hm := wsMessages(base.asyncapi), wsMessages(head.asyncapi)
	var out []Finding
	matched := map[wsKey]bool{}
	for _, k := range sortedKeys(bm) {
		b := bm[k]
		h, ok := hm[k]
		if !ok {
			h = renamed(hm, b)
		}
		if h == nil {
			f := Finding{ID: "ws-action-removed", Level: diag.Error, API: WebSocket, Direction: k.direction,
				Operation: k.action, OperationID: b.name,
				Message: fmt.Sprintf("the %s action %s was removed (message %s)", dirNoun(k.direction), quote(k.action), b.name)}
			locateWS(&f, sm, "/components/messages")
			out = append(out, f)
			continue
		}
		matched[wsKey{h.action, h.direction}] = true
		if h.action != b.action {
			f := Finding{ID: "ws-action-renamed", Level: diag.Info, API: WebSocket, Direction: k.direction,
				Operation: b.action, OperationID: h.name,
				Message: fmt.Sprintf("the %s action %s was renamed %s and keeps its old name as an alias", dirNoun(k.direction), quote(b.action), quote(h.action))}
			locateWS(&f, sm, join(h.ptr, "x-action"))
			out = append(out, f)
		}
		out = append(out, compareAliases(b, h, sm)...)
		c := &schemaCmp{base: base.asyncapi, head: head.asyncapi, sm: sm, msg: h, dir: h.direction, seen: map[[2]string]bool{}}
		if b.payload != nil && h.payload != nil {
			c.compare(b.payload, b.payloadPtr, h.payload, h.payloadPtr, "", "")
		}
		out = append(out, c.out...)
	}
	// A head message whose key base also has was matched above, so unmatched means added.
	for _, k := range sortedKeys(hm) {
		if matched[k] {
			continue
		}
		h := hm[k]
		f := Finding{ID: "ws-action-added", Level: diag.Info, API: WebSocket, Direction: k.direction,
			Operation: k.action, OperationID: h.name,
			Message: fmt.Sprintf("the %s action %s was added (message %s)", dirNoun(k.direction), quote(k.action), h.name)}
		locateWS(&f, sm, h.ptr)
		out = append(out, f)
	}
	return out
}

// renamed finds a head message in b's direction that lists b's action among its aliases.
func renamed(hm map[wsKey]*wsMessage, b *wsMessage) *wsMessage {
	for _, k := range sortedKeys(hm) {
		if h := hm[k]; h.direction == b.direction && slices.Contains(h.aliases, b.action) {
			return h
		}
	}
	return nil
}

// compareAliases reports aliases removed from (breaking: clients still send or expect them)
// and added to a message.
func compareAliases(b, h *wsMessage, sm *sourceMap) []Finding {
	var out []Finding
	for _, a := range b.aliases {
		if slices.Contains(h.aliases, a) || a == h.action {
			continue
		}
		f := Finding{ID: "ws-alias-removed", Level: diag.Error, API: WebSocket, Direction: h.direction,
			Operation: h.action, OperationID: h.name, Location: "x-aliases/" + a,
			Message: fmt.Sprintf("the alias %s of %s was removed: clients using that name are no longer understood", quote(a), quote(h.action))}
		locateWS(&f, sm, join(h.ptr, "x-aliases"))
		out = append(out, f)
	}
	for _, a := range h.aliases {
		if slices.Contains(b.aliases, a) {
			continue
		}
		f := Finding{ID: "ws-alias-added", Level: diag.Info, API: WebSocket, Direction: h.direction,
			Operation: h.action, OperationID: h.name, Location: "x-aliases/" + a,
			Message: fmt.Sprintf("the alias %s of %s was added", quote(a), quote(h.action))}
		locateWS(&f, sm, join(h.ptr, "x-aliases"))
		out = append(out, f)
	}
	return out
}

// locateWS sets a finding's position from a pointer of the head's bundled AsyncAPI document.
func locateWS(f *Finding, sm *sourceMap, ptr string) {
	src := sm.asyncAPI(ptr)
	f.Pos, f.Pointer, f.Schema = src.pos(), src.pointer, src.schemaFile()
}

func dirNoun(d Direction) string {
	if d == ServerToClient {
		return "server-to-client"
	}
	return "client-to-server"
}

func quote(s string) string { return "`" + s + "`" }

func sortedKeys(m map[wsKey]*wsMessage) []wsKey {
	keys := make([]wsKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b wsKey) int {
		if c := strings.Compare(a.action, b.action); c != 0 {
			return c
		}
		return strings.Compare(string(a.direction), string(b.direction))
	})
	return keys
}
