package diff

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	odiff "github.com/oasdiff/oasdiff/diff"
	oload "github.com/oasdiff/oasdiff/load"
	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/tools/internal/diag"
)

// compareREST runs oasdiff's checks (every one, down to level info) on the two bundled
// OpenAPI documents and maps each change into a finding located in the head's sources.
func compareREST(base, head *side, sm *sourceMap) ([]Finding, error) {
	// Every response is allOf [Envelope, {data}]: unflattened, oasdiff caps every change under
	// an allOf at warning (a sibling branch might compensate). Flattening compares the merged
	// schemas, as `oasdiff breaking --flatten-allof` does.
	var (
		specs [2]*oload.SpecInfo
		errs  [2]error
		wg    sync.WaitGroup
	)
	for i, sd := range []*side{base, head} {
		wg.Go(func() {
			name := [2]string{"base/openapi.json", "head/openapi.json"}[i]
			specs[i], errs[i] = oload.NewSpecInfoFromData(openapi3.NewLoader(), sd.openapiJSON, name, oload.WithFlattenAllOf())
		})
	}
	wg.Wait()
	for i, name := range []string{"base", "head"} {
		if errs[i] != nil {
			return nil, fmt.Errorf("%s: load bundled openapi: %w", name, errs[i])
		}
	}
	bs, hs := specs[0], specs[1]
	report, sources, err := odiff.GetWithOperationsSourcesMap(odiff.NewConfig(), bs, hs)
	if err != nil {
		return nil, fmt.Errorf("oasdiff: %w", err)
	}
	changes := checker.CheckBackwardCompatibilityUntilLevel(checker.NewConfig(checker.GetAllChecks()), report, sources, checker.INFO)
	loc := checker.NewDefaultLocalizer()
	out := make([]Finding, 0, len(changes))
	for _, c := range changes {
		f := Finding{
			ID:          c.GetId(),
			Level:       level(c.GetLevel()),
			API:         REST,
			Direction:   restDirection(c.GetId()),
			OperationID: c.GetOperationId(),
			Message:     c.GetUncolorizedText(loc),
		}
		if c.GetOperation() != "" {
			f.Operation = c.GetOperation() + " " + c.GetPath()
		}
		bundlePtr, location := restLocation(head.openapi, c)
		f.Location = location
		src := sm.openAPI(bundlePtr)
		f.Pos, f.Pointer, f.Schema = src.pos(), src.pointer, src.schemaFile()
		out = append(out, f)
	}
	return out, nil
}

// level maps oasdiff's levels onto ours.
func level(l checker.Level) diag.Severity {
	switch l {
	case checker.ERR:
		return diag.Error
	case checker.WARN:
		return diag.Warning
	default:
		return diag.Info
	}
}

// restDirection reads the direction from oasdiff's rule id.
func restDirection(id string) Direction {
	switch {
	case strings.HasPrefix(id, "request-"), strings.HasPrefix(id, "new-request-"),
		strings.HasPrefix(id, "new-required-request-"), strings.HasPrefix(id, "new-optional-request-"),
		strings.HasPrefix(id, "added-required-request-"), strings.HasPrefix(id, "added-request-"):
		return Request
	case strings.HasPrefix(id, "response-"):
		return Response
	}
	return NoDirection
}

var statusRe = regexp.MustCompile(`^([1-5][0-9][0-9]|[1-5]XX|default)$`)

// restLocation finds where in the head's bundled OpenAPI document a change is, and
// describes it independently of files and lines (for the fingerprint). Property changes
// follow oasdiff's property path (`data/items/oneOf[subschema #1: X]/name`) through the
// request or response body schema; anything else is located at its operation.
func restLocation(head *yaml.Node, c checker.Change) (pointer, location string) {
	method := strings.ToLower(c.GetOperation())
	opPtr := join("/paths", c.GetPath(), method)
	if c.GetPath() == "" {
		opPtr = ""
	}
	var args []string
	for _, a := range c.GetArgs() {
		args = append(args, fmt.Sprint(a))
	}
	location = strings.Join(args, " ")
	if lookup(head, opPtr) == nil {
		return opPtr, location
	}
	id := c.GetId()
	dir := restDirection(id)
	if dir == NoDirection {
		return opPtr, location
	}
	var bodyPtr string
	switch {
	case dir == Request && strings.Contains(id, "parameter"):
		return join(opPtr, "parameters"), location
	case dir == Request:
		bodyPtr = mediaSchema(head, join(opPtr, "requestBody"))
	default:
		status := ""
		for _, a := range args {
			if statusRe.MatchString(a) {
				status = a
			}
		}
		if status == "" {
			return join(opPtr, "responses"), location
		}
		bodyPtr = mediaSchema(head, join(opPtr, "responses", status))
	}
	if bodyPtr == "" {
		return opPtr, location
	}
	if !strings.Contains(id, "property") {
		return bodyPtr, location
	}
	// Which argument is the property path depends on the rule (`deleted` is the enum value of
	// response-property-enum-value-added, `data/items/status` its path): take the one that
	// goes furthest into the schema.
	best, bestReach := bodyPtr, -1
	for _, a := range args {
		if statusRe.MatchString(a) {
			continue
		}
		if ptr, reach := walkPropertyPath(head, bodyPtr, a); reach > bestReach {
			best, bestReach = ptr, reach
		}
	}
	return keywordOf(head, best, id), location
}

// ruleKeywords name the schema keyword a rule is about, by a part of its id.
var ruleKeywords = []struct{ part, keyword string }{
	{"enum", "enum"}, {"max-length", "maxLength"}, {"min-length", "minLength"}, {"pattern", "pattern"},
	{"-max-", "maximum"}, {"-min-", "minimum"}, {"type-changed", "type"}, {"nullable", "nullable"},
	{"max-items", "maxItems"}, {"min-items", "minItems"},
}

// keywordOf points at the keyword a rule is about inside the schema at ptr, when it is there.
func keywordOf(doc *yaml.Node, ptr, id string) string {
	n := lookup(doc, ptr)
	for _, k := range ruleKeywords {
		if strings.Contains(id, k.part) && child(n, k.keyword) != nil {
			return join(ptr, k.keyword)
		}
	}
	return ptr
}

// mediaSchema returns the pointer of the JSON schema of a request body or response (following
// a reference to a shared response), or "" without one.
func mediaSchema(doc *yaml.Node, ptr string) string {
	n, ptr := deref(doc, lookup(doc, ptr), ptr)
	content := child(n, "content")
	if content == nil || len(content.Content) < 2 {
		return ""
	}
	media := content.Content[0].Value
	if child(content, "application/json") != nil {
		media = "application/json"
	}
	return join(ptr, "content", media, "schema")
}

var subschemaRe = regexp.MustCompile(`^(allOf|anyOf|oneOf)\[subschema #(\d+)(?::\s*([^\]]*))?\]$`)

// walkPropertyPath follows an oasdiff property path from a schema, through references and
// allOf members, as far as the head document has it, and returns the pointer it reached and
// how many segments it followed. Where several allOf members have a property of the name (the
// envelope's `data` and the operation's typed `data`), the one the rest of the path goes
// furthest in wins, and on a tie the last (the more specific) one.
func walkPropertyPath(doc *yaml.Node, ptr, propertyPath string) (string, int) {
	var segs []string
	for seg := range strings.SplitSeq(propertyPath, "/") {
		if seg != "" {
			segs = append(segs, seg)
		}
	}
	n, ptr := deref(doc, lookup(doc, ptr), ptr)
	return walkSegments(doc, n, ptr, segs, 0)
}

// walkSegments returns the pointer the segments lead to from n, and how many it followed.
func walkSegments(doc, n *yaml.Node, ptr string, segs []string, depth int) (string, int) {
	if len(segs) == 0 || depth > 64 {
		return ptr, 0
	}
	candidates := stepProperty(doc, n, ptr, segs[0])
	if len(candidates) == 0 {
		// The property is gone in head: point at the properties it was removed from.
		return propertiesOf(doc, n, ptr), 0
	}
	bestPtr, best := "", -1
	for _, c := range candidates {
		cn, cp := deref(doc, c.node, c.ptr)
		got, k := walkSegments(doc, cn, cp, segs[1:], depth+1)
		if k >= best {
			bestPtr, best = got, k
		}
	}
	return bestPtr, best + 1
}

// located is a node of the bundled document with its pointer.
type located struct {
	node *yaml.Node
	ptr  string
}

// stepProperty returns the nodes one segment of a property path may lead to.
func stepProperty(doc, n *yaml.Node, ptr, seg string) []located {
	if m := subschemaRe.FindStringSubmatch(seg); m != nil {
		list := child(n, m[1])
		if list == nil || list.Kind != yaml.SequenceNode {
			return nil
		}
		if m[3] != "" {
			for i, item := range list.Content {
				if ref, ok := localRef(item); ok && strings.HasSuffix(ref, "/"+m[3]) {
					return []located{{item, join(ptr, m[1], strconv.Itoa(i))}}
				}
			}
		}
		i, _ := strconv.Atoi(m[2])
		if i >= 1 && i <= len(list.Content) {
			return []located{{list.Content[i-1], join(ptr, m[1], strconv.Itoa(i-1))}}
		}
		return nil
	}
	switch seg {
	case "items", "additionalProperties":
		if c := child(n, seg); c != nil && c.Kind == yaml.MappingNode {
			return []located{{c, join(ptr, seg)}}
		}
	}
	return findProperty(doc, n, ptr, seg, 0)
}

// findProperty finds a property of a schema, also in the members of its allOf (oasdiff
// compares flattened schemas, whose properties are the union of the members').
func findProperty(doc, n *yaml.Node, ptr, name string, depth int) []located {
	var out []located
	if c := child(child(n, "properties"), name); c != nil {
		out = append(out, located{c, join(ptr, "properties", name)})
	}
	all := child(n, "allOf")
	if all == nil || all.Kind != yaml.SequenceNode || depth > 8 {
		return out
	}
	for i, m := range all.Content {
		mn, mp := deref(doc, m, join(ptr, "allOf", strconv.Itoa(i)))
		out = append(out, findProperty(doc, mn, mp, name, depth+1)...)
	}
	return out
}

// propertiesOf returns the pointer of the properties a removed property was in: the schema's
// own, else those of the last allOf member that has some (the envelope's data member).
func propertiesOf(doc, n *yaml.Node, ptr string) string {
	if child(n, "properties") != nil {
		return join(ptr, "properties")
	}
	if all := child(n, "allOf"); all != nil && all.Kind == yaml.SequenceNode {
		for i := len(all.Content) - 1; i >= 0; i-- {
			mn, mp := deref(doc, all.Content[i], join(ptr, "allOf", strconv.Itoa(i)))
			if child(mn, "properties") != nil {
				return join(mp, "properties")
			}
		}
	}
	return ptr
}
