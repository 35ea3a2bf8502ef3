package diff

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

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
	bs, err := oload.NewSpecInfoFromData(openapi3.NewLoader(), base.openapiJSON, "base/openapi.json")
	if err != nil {
		return nil, fmt.Errorf("base: load bundled openapi: %w", err)
	}
	hs, err := oload.NewSpecInfoFromData(openapi3.NewLoader(), head.openapiJSON, "head/openapi.json")
	if err != nil {
		return nil, fmt.Errorf("head: load bundled openapi: %w", err)
	}
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
	if !strings.Contains(id, "property") || len(args) == 0 {
		return bodyPtr, location
	}
	return walkPropertyPath(head, bodyPtr, args[0]), location
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

// walkPropertyPath follows an oasdiff property path from a schema, through references, as
// far as the head document has it, and returns the pointer it reached.
func walkPropertyPath(doc *yaml.Node, ptr, propertyPath string) string {
	n, ptr := deref(doc, lookup(doc, ptr), ptr)
	for seg := range strings.SplitSeq(propertyPath, "/") {
		if seg == "" {
			continue
		}
		next, nextPtr := stepProperty(n, ptr, seg)
		if next == nil {
			// The property is gone in head: point at the properties it was removed from.
			if child(n, "properties") != nil {
				return join(ptr, "properties")
			}
			return ptr
		}
		n, ptr = deref(doc, next, nextPtr)
	}
	return ptr
}

func stepProperty(n *yaml.Node, ptr, seg string) (*yaml.Node, string) {
	if m := subschemaRe.FindStringSubmatch(seg); m != nil {
		list := child(n, m[1])
		if list == nil || list.Kind != yaml.SequenceNode {
			return nil, ""
		}
		if m[3] != "" {
			for i, item := range list.Content {
				if ref, ok := localRef(item); ok && strings.HasSuffix(ref, "/"+m[3]) {
					return item, join(ptr, m[1], strconv.Itoa(i))
				}
			}
		}
		i, _ := strconv.Atoi(m[2])
		if i >= 1 && i <= len(list.Content) {
			return list.Content[i-1], join(ptr, m[1], strconv.Itoa(i-1))
		}
		return nil, ""
	}
	switch seg {
	case "items", "additionalProperties":
		if c := child(n, seg); c != nil && c.Kind == yaml.MappingNode {
			return c, join(ptr, seg)
		}
	}
	if c := child(child(n, "properties"), seg); c != nil {
		return c, join(ptr, "properties", seg)
	}
	return nil, ""
}
