package diff

import (
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/tools/internal/diag"
	"github.com/talkamie/contract/tools/internal/load"
)

// schemaCmp compares the payload schemas of one message in its two versions.
//
// The direction decides what breaks. A client-to-server frame is validated by the server,
// so head must accept every frame base accepted (a new required field, a narrower type or
// enum, a tighter constraint or a closed object break old clients). A server-to-client frame
// is read by clients, so head must not produce what base could not (a removed field, a field
// no longer required, a new enum value or variant, a changed type break old clients).
type schemaCmp struct {
	base, head *yaml.Node
	sm         *sourceMap
	msg        *wsMessage
	dir        Direction
	out        []Finding
	// seen holds the (base, head) schema pairs already compared: it guards against cycles
	// and reports a change of a shared schema once per message.
	seen map[[2]string]bool
}

func (c *schemaCmp) request() bool { return c.dir != ServerToClient }

// add records a finding. loc is the change's pointer inside the payload schema, at the node
// hPtr of the head's bundled document (for a removed node, its surviving parent), path the
// property path for messages.
func (c *schemaCmp) add(id string, level diag.Severity, hPtr, loc, path, format string, args ...any) {
	prefix := "ws-response-"
	if c.request() {
		prefix = "ws-request-"
	}
	what := "server frame"
	if c.request() {
		what = "client frame"
	}
	at := ""
	if path != "" {
		at = " at " + quote(path)
	}
	f := Finding{ID: prefix + id, Level: level, API: WebSocket, Direction: c.dir,
		Operation: c.msg.action, OperationID: c.msg.name, Location: loc,
		Message: fmt.Sprintf("%s %s%s: %s", what, quote(c.msg.action), at, fmt.Sprintf(format, args...))}
	locateWS(&f, c.sm, hPtr)
	c.out = append(c.out, f)
}

// pick returns the level for a change that breaks requests (reqLevel) or responses (resLevel).
func (c *schemaCmp) pick(reqLevel, resLevel diag.Severity) diag.Severity {
	if c.request() {
		return reqLevel
	}
	return resLevel
}

func (c *schemaCmp) compare(b *yaml.Node, bPtr string, h *yaml.Node, hPtr, loc, path string) {
	b, bPtr = deref(c.base, b, bPtr)
	h, hPtr = deref(c.head, h, hPtr)
	key := [2]string{bPtr, hPtr}
	if c.seen[key] {
		return
	}
	c.seen[key] = true
	if b == nil || h == nil || b.Kind != yaml.MappingNode || h.Kind != yaml.MappingNode {
		return
	}
	c.types(b, h, hPtr, loc, path)
	c.enums(b, h, hPtr, loc, path)
	c.constraints(b, h, hPtr, loc, path)
	c.properties(b, bPtr, h, hPtr, loc, path)
	if bi, hi := child(b, "items"), child(h, "items"); bi != nil && hi != nil {
		c.compare(bi, join(bPtr, "items"), hi, join(hPtr, "items"), loc+"/items", path+"[]")
	}
	for _, kw := range []string{"oneOf", "anyOf", "allOf"} {
		c.variants(kw, b, bPtr, h, hPtr, loc, path)
	}
}

// typeSet returns the JSON types a schema allows (nil when it does not say), counting
// OpenAPI's nullable as "null".
func typeSet(n *yaml.Node) []string {
	t := child(n, "type")
	var out []string
	switch {
	case t == nil:
		return nil
	case t.Kind == yaml.ScalarNode:
		out = []string{t.Value}
	case t.Kind == yaml.SequenceNode:
		out = stringList(n, "type")
	}
	if str(n, "nullable") == "true" && !slices.Contains(out, "null") {
		out = append(out, "null")
	}
	slices.Sort(out)
	return out
}

// allows reports whether a type set admits every value of type t (integers are numbers).
func allows(set []string, t string) bool {
	return set == nil || slices.Contains(set, t) || (t == "integer" && slices.Contains(set, "number"))
}

func (c *schemaCmp) types(b, h *yaml.Node, hPtr, loc, path string) {
	bt, ht := typeSet(b), typeSet(h)
	// from is the set that must stay covered: what old clients send (request) or what old
	// clients understand must cover what the server now sends (response).
	lost := func(from, to []string) []string {
		if to == nil {
			return nil
		}
		if from == nil {
			return []string{"any"}
		}
		var out []string
		for _, t := range from {
			if !allows(to, t) {
				out = append(out, t)
			}
		}
		return out
	}
	ptr, l := join(hPtr, "type"), loc+"/type"
	if child(h, "type") == nil {
		ptr = hPtr
	}
	if c.request() {
		if gone := lost(bt, ht); len(gone) > 0 {
			c.add("type-changed", diag.Error, ptr, l, path, "type changed from %s to %s: the server no longer accepts %s", types(bt), types(ht), strings.Join(gone, ", "))
		} else if !slices.Equal(bt, ht) {
			c.add("type-widened", diag.Info, ptr, l, path, "type widened from %s to %s", types(bt), types(ht))
		}
		return
	}
	if extra := lost(ht, bt); len(extra) > 0 {
		c.add("type-changed", diag.Error, ptr, l, path, "type changed from %s to %s: old clients do not expect %s", types(bt), types(ht), strings.Join(extra, ", "))
	} else if !slices.Equal(bt, ht) {
		c.add("type-narrowed", diag.Info, ptr, l, path, "type narrowed from %s to %s", types(bt), types(ht))
	}
}

func types(t []string) string {
	if t == nil {
		return "any"
	}
	return strings.Join(t, "|")
}

// enumValues returns the values a schema's enum (or const) allows, as canonical text, or nil.
func enumValues(n *yaml.Node) []string {
	if e := child(n, "enum"); e != nil && e.Kind == yaml.SequenceNode {
		out := make([]string, 0, len(e.Content))
		for _, v := range e.Content {
			out = append(out, canonical(v))
		}
		return out
	}
	if cst := child(n, "const"); cst != nil {
		return []string{canonical(cst)}
	}
	return nil
}

// canonical renders a value as compact JSON, so that equal values compare equal.
func canonical(n *yaml.Node) string {
	b, err := toJSON(n)
	if err != nil {
		return n.Value
	}
	return string(b)
}

func (c *schemaCmp) enums(b, h *yaml.Node, hPtr, loc, path string) {
	be, he := enumValues(b), enumValues(h)
	if be == nil && he == nil {
		return
	}
	ptr, l := join(hPtr, "enum"), loc+"/enum"
	switch {
	case child(h, "enum") == nil && child(h, "const") != nil:
		ptr = join(hPtr, "const")
	case he == nil:
		ptr = hPtr
	}
	if be == nil {
		c.add("became-enum", c.pick(diag.Error, diag.Info), ptr, l, path, "now restricted to %s", strings.Join(he, ", "))
		return
	}
	if he == nil {
		c.add("enum-removed", c.pick(diag.Info, diag.Error), ptr, l, path, "no longer restricted to %s", strings.Join(be, ", "))
		return
	}
	removed, added := minus(be, he), minus(he, be)
	if len(removed) > 0 {
		c.add("enum-value-removed", c.pick(diag.Error, diag.Info), ptr, l, path, "enum value %s removed", strings.Join(removed, ", "))
	}
	if len(added) > 0 {
		c.add("enum-value-added", c.pick(diag.Info, diag.Error), ptr, l, path, "enum value %s added", strings.Join(added, ", "))
	}
}

// minus returns the items of a that are not in b.
func minus(a, b []string) []string {
	var out []string
	for _, v := range a {
		if !slices.Contains(b, v) {
			out = append(out, v)
		}
	}
	return out
}

// bound is a constraint keyword and the way it tightens.
type bound struct {
	key string
	// upper: a smaller value (or a newly set one) tightens; lower: a larger one does;
	// exact: any change or a newly set value tightens, removing it loosens.
	kind int
}

const (
	upper = iota
	lower
	exact
)

var bounds = []bound{
	{"maxLength", upper}, {"maxItems", upper}, {"maxProperties", upper}, {"maximum", upper}, {"exclusiveMaximum", upper},
	{"minLength", lower}, {"minItems", lower}, {"minProperties", lower}, {"minimum", lower}, {"exclusiveMinimum", lower},
	{"pattern", exact}, {"format", exact}, {"multipleOf", exact}, {"uniqueItems", exact},
}

func (c *schemaCmp) constraints(b, h *yaml.Node, hPtr, loc, path string) {
	for _, bd := range bounds {
		bv, hv := constraint(b, bd.key), constraint(h, bd.key)
		if bv == nil && hv == nil {
			continue
		}
		if bv != nil && hv != nil && canonical(bv) == canonical(hv) {
			continue
		}
		var tightened bool
		switch {
		case bv == nil:
			tightened = true
		case hv == nil:
			tightened = false
		case bd.kind == exact:
			tightened = true
		default:
			// Booleans (OpenAPI 3.0 exclusive bounds) count as exact changes.
			bn, okb := number(bv)
			hn, okh := number(hv)
			switch {
			case !okb || !okh:
				tightened = true
			case bd.kind == upper:
				tightened = hn.Cmp(bn) < 0
			default:
				tightened = hn.Cmp(bn) > 0
			}
		}
		// The position and the message show the keywords as written.
		ptr := join(hPtr, bd.key)
		if child(h, bd.key) == nil {
			ptr = hPtr
		}
		change := fmt.Sprintf("%s changed from %s to %s", bd.key, show(child(b, bd.key)), show(child(h, bd.key)))
		if tightened {
			c.add("constraint-tightened", c.pick(diag.Error, diag.Info), ptr, loc+"/"+bd.key, path, "%s", change)
		} else {
			c.add("constraint-loosened", c.pick(diag.Info, diag.Error), ptr, loc+"/"+bd.key, path, "%s", change)
		}
	}
}

// constraint returns a schema's constraint keyword, or nil when it is unset or set to its
// default (`uniqueItems: false` constrains nothing).
func constraint(n *yaml.Node, key string) *yaml.Node {
	v := child(n, key)
	if key == "uniqueItems" && v != nil && v.Value == "false" {
		return nil
	}
	return v
}

func number(n *yaml.Node) (*big.Rat, bool) {
	if n.Kind != yaml.ScalarNode {
		return nil, false
	}
	if t := n.ShortTag(); t != "!!int" && t != "!!float" {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(n.Value)
	return r, ok
}

func show(n *yaml.Node) string {
	if n == nil {
		return "unset"
	}
	return canonical(n)
}

// closed reports whether a schema forbids properties it does not list.
func closed(n *yaml.Node) bool { return str(n, "additionalProperties") == "false" }

func (c *schemaCmp) properties(b *yaml.Node, bPtr string, h *yaml.Node, hPtr, loc, path string) {
	bp, hp := child(b, "properties"), child(h, "properties")
	breq, hreq := stringList(b, "required"), stringList(h, "required")
	propsPtr := join(hPtr, "properties")
	if hp == nil {
		propsPtr = hPtr
	}
	sub := func(name string) (string, string) {
		return loc + "/properties/" + load.EscapeToken(name), joinPath(path, name)
	}
	load.Pairs(bp, func(k, bv *yaml.Node) {
		name := k.Value
		l, p := sub(name)
		hv := child(hp, name)
		if hv == nil {
			switch {
			case !c.request():
				c.add("property-removed", diag.Error, propsPtr, l, p, "property removed: old clients may still read it")
			case closed(h):
				c.add("property-removed", diag.Error, propsPtr, l, p, "property removed from a closed frame: the server rejects old clients that still send it")
			default:
				c.add("property-removed", diag.Info, propsPtr, l, p, "property removed; the frame stays open, so it is ignored when sent")
			}
			return
		}
		ptr := join(hPtr, "properties", name)
		wasReq, isReq := slices.Contains(breq, name), slices.Contains(hreq, name)
		reqPtr := join(hPtr, "required")
		switch {
		case isReq && !wasReq:
			c.add("property-became-required", c.pick(diag.Error, diag.Info), reqPtr, l, p, "property became required")
		case wasReq && !isReq:
			c.add("property-became-optional", c.pick(diag.Info, diag.Error), ptr, l, p, "property is no longer required")
		}
		c.compare(bv, join(bPtr, "properties", name), hv, ptr, l, p)
	})
	load.Pairs(hp, func(k, _ *yaml.Node) {
		name := k.Value
		if child(bp, name) != nil {
			return
		}
		l, p := sub(name)
		ptr := join(hPtr, "properties", name)
		switch {
		case c.request() && slices.Contains(hreq, name):
			c.add("required-property-added", diag.Error, ptr, l, p, "new required property: old clients do not send it")
		case c.request():
			c.add("property-added", diag.Info, ptr, l, p, "new optional property")
		default:
			c.add("property-added", diag.Info, ptr, l, p, "new property")
		}
	})
	c.additional(b, bPtr, h, hPtr, loc, path)
}

func (c *schemaCmp) additional(b *yaml.Node, bPtr string, h *yaml.Node, hPtr, loc, path string) {
	bc, hc := closed(b), closed(h)
	ptr, l := join(hPtr, "additionalProperties"), loc+"/additionalProperties"
	if child(h, "additionalProperties") == nil {
		ptr = hPtr
	}
	switch {
	case hc && !bc:
		c.add("additional-properties-closed", c.pick(diag.Error, diag.Info), ptr, l, path, "no longer allows properties it does not list")
	case bc && !hc:
		c.add("additional-properties-opened", c.pick(diag.Info, diag.Warning), ptr, l, path, "now allows properties it does not list")
	}
	ba, ha := child(b, "additionalProperties"), child(h, "additionalProperties")
	if ba != nil && ha != nil && ba.Kind == yaml.MappingNode && ha.Kind == yaml.MappingNode {
		c.compare(ba, join(bPtr, "additionalProperties"), ha, ptr, l, path+"{}")
	}
}

// variants pairs the branches of oneOf, anyOf or allOf (by referenced component, else by
// position) and compares each pair. A branch a client may send that disappears breaks
// requests; a branch the server may send that appears breaks responses.
func (c *schemaCmp) variants(kw string, b *yaml.Node, bPtr string, h *yaml.Node, hPtr, loc, path string) {
	bl, hl := child(b, kw), child(h, kw)
	if bl == nil && hl == nil {
		return
	}
	key := func(list *yaml.Node, i int) string {
		if ref, ok := localRef(list.Content[i]); ok {
			return lastToken(ref)
		}
		return "#" + strconv.Itoa(i)
	}
	index := func(list *yaml.Node) map[string]int {
		m := map[string]int{}
		if list == nil {
			return m
		}
		for i := range list.Content {
			m[key(list, i)] = i
		}
		return m
	}
	bi, hi := index(bl), index(hl)
	listPtr := join(hPtr, kw)
	if hl == nil {
		listPtr = hPtr
	}
	if bl != nil {
		for i := range bl.Content {
			k := key(bl, i)
			j, ok := hi[k]
			if !ok {
				switch kw {
				case "allOf":
					c.add("all-of-removed", c.pick(diag.Info, diag.Warning), listPtr, loc+"/"+kw+"/"+k, path, "allOf member %s removed", k)
				default:
					c.add("variant-removed", c.pick(diag.Error, diag.Info), listPtr, loc+"/"+kw+"/"+k, path, "%s variant %s removed", kw, k)
				}
				continue
			}
			c.compare(bl.Content[i], join(bPtr, kw, strconv.Itoa(i)), hl.Content[j], join(hPtr, kw, strconv.Itoa(j)), loc+"/"+kw+"/"+k, path)
		}
	}
	if hl != nil {
		for j := range hl.Content {
			k := key(hl, j)
			if _, ok := bi[k]; ok {
				continue
			}
			ptr := join(hPtr, kw, strconv.Itoa(j))
			switch kw {
			case "allOf":
				c.add("all-of-added", c.pick(diag.Error, diag.Info), ptr, loc+"/"+kw+"/"+k, path, "allOf member %s added", k)
			default:
				c.add("variant-added", c.pick(diag.Info, diag.Error), ptr, loc+"/"+kw+"/"+k, path, "%s variant %s added", kw, k)
			}
		}
	}
}

// joinPath appends a property name to a dotted property path.
func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
