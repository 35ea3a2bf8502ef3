package validate

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// maxEnumInMessage is how many allowed values a finding lists before it
// summarises them.
const maxEnumInMessage = 10

// Findings translates an error returned by kin-openapi (openapi3filter
// request validation, or Schema.VisitJSON) into findings. Locations of
// schema errors are relative to root ("body", "query.pageSize", or "" for a
// bare value). The translation is exhaustive: an error it does not know
// becomes one generic finding at root, never kin-openapi's text.
func Findings(root string, err error) []Finding {
	var out []Finding
	collect(&out, root, err)
	return dedupe(out)
}

// securityFindings returns the findings of the security errors in err, and
// whether err held any.
func securityFindings(err error) ([]Finding, bool) {
	var out []Finding
	found := false
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case openapi3.MultiError:
			for _, x := range e {
				walk(x)
			}
		case *openapi3filter.SecurityRequirementsError:
			found = true
			for _, x := range e.Errors {
				var ae *authError
				if errors.As(x, &ae) {
					out = append(out, ae.finding)
				} else {
					out = append(out, Finding{Location: "header.Authorization", Code: "invalid-credentials", Message: "the credentials are not accepted"})
				}
			}
		}
	}
	walk(err)
	return dedupe(out), found
}

func collect(out *[]Finding, root string, err error) {
	switch e := err.(type) {
	case nil:
	case openapi3.MultiError:
		for _, x := range e {
			collect(out, root, x)
		}
	case *openapi3filter.SecurityRequirementsError:
		f, _ := securityFindings(e)
		*out = append(*out, f...)
	case *openapi3filter.RequestError:
		collectRequestError(out, e)
	case *openapi3.SchemaError:
		collectSchemaError(out, root, e)
	case *openapi3filter.ParseError:
		*out = append(*out, Finding{Location: orBody(root), Code: "malformed", Message: "the value cannot be parsed"})
	default:
		var se *openapi3.SchemaError
		if errors.As(err, &se) {
			collectSchemaError(out, root, se)
			return
		}
		*out = append(*out, Finding{Location: orBody(root), Code: "invalid", Message: "the value is not valid"})
	}
}

func orBody(root string) string {
	if root == "" {
		return "body"
	}
	return root
}

func collectRequestError(out *[]Finding, e *openapi3filter.RequestError) {
	loc, what := "request", "the request"
	var schema *openapi3.Schema
	if p := e.Parameter; p != nil {
		loc, what = p.In+"."+p.Name, "parameter "+strconv.Quote(p.Name)
		if p.Schema != nil {
			schema = p.Schema.Value
		}
	} else if e.RequestBody != nil {
		loc, what = "body", "a request body"
	}
	switch {
	case e.Err == nil:
		*out = append(*out, Finding{Location: loc, Code: "invalid", Message: what + " is not valid"})
	case errors.Is(e.Err, openapi3filter.ErrInvalidRequired):
		*out = append(*out, Finding{Location: loc, Code: "required", Message: what + " is required"})
	case errors.Is(e.Err, openapi3filter.ErrInvalidEmptyValue):
		*out = append(*out, Finding{Location: loc, Code: "empty-value", Message: what + " must not be empty"})
	default:
		var pe *openapi3filter.ParseError
		if errors.As(e.Err, &pe) {
			if e.Parameter != nil {
				*out = append(*out, Finding{Location: loc, Code: "type", Message: typeMessage(schema)})
			} else {
				*out = append(*out, Finding{Location: loc, Code: "malformed", Message: "the body cannot be parsed"})
			}
			return
		}
		collect(out, loc, e.Err)
	}
}

func collectSchemaError(out *[]Finding, root string, e *openapi3.SchemaError) {
	loc := joinLocation(root, e.JSONPointer())
	s := e.Schema
	if s == nil {
		s = &openapi3.Schema{}
	}
	switch e.SchemaField {
	case "allOf", "oneOf", "anyOf":
		if inner := branchErrors(e.Origin); len(inner) > 0 && (e.SchemaField == "allOf" || len(inner) == 1) {
			for _, x := range inner {
				collect(out, root, x)
			}
			return
		}
		code := map[string]string{"oneOf": "one-of", "anyOf": "any-of", "allOf": "all-of"}[e.SchemaField]
		msg := "must match exactly one of the allowed shapes"
		if errors.Is(e.Origin, openapi3.ErrOneOfConflict) {
			msg = "matches more than one of the allowed shapes"
		} else if e.SchemaField == "anyOf" {
			msg = "must match at least one of the allowed shapes"
		}
		*out = append(*out, Finding{Location: loc, Code: code, Message: msg})
	case "required":
		name := last(e.JSONPointer())
		*out = append(*out, Finding{Location: loc, Code: "required", Message: fmt.Sprintf("property %q is missing", name)})
	case "properties":
		name := quotedIn(e.Reason)
		*out = append(*out, Finding{Location: joinLocation(loc, []string{name}), Code: "unknown-field", Message: fmt.Sprintf("property %q is not allowed", name)})
	case "type":
		*out = append(*out, Finding{Location: loc, Code: "type", Message: typeMessage(s)})
	case "nullable":
		*out = append(*out, Finding{Location: loc, Code: "type", Message: "must not be null"})
	case "enum":
		*out = append(*out, Finding{Location: loc, Code: "enum", Message: enumMessage(s.Enum)})
	case "format":
		*out = append(*out, Finding{Location: loc, Code: "format", Message: fmt.Sprintf("must be a valid %s", s.Format)})
	case "minimum", "exclusiveMinimum":
		*out = append(*out, Finding{Location: loc, Code: "minimum", Message: boundMessage(s.Min, s.ExclusiveMin.IsTrue() || e.SchemaField == "exclusiveMinimum", "at least", "more than")})
	case "maximum", "exclusiveMaximum":
		*out = append(*out, Finding{Location: loc, Code: "maximum", Message: boundMessage(s.Max, s.ExclusiveMax.IsTrue() || e.SchemaField == "exclusiveMaximum", "at most", "less than")})
	case "multipleOf":
		*out = append(*out, Finding{Location: loc, Code: "multiple-of", Message: "must be a multiple of " + num(s.MultipleOf)})
	case "minLength":
		*out = append(*out, Finding{Location: loc, Code: "min-length", Message: "must be at least " + plural(s.MinLength, "character") + " long"})
	case "maxLength":
		*out = append(*out, Finding{Location: loc, Code: "max-length", Message: "must be at most " + plural(deref(s.MaxLength), "character") + " long"})
	case "pattern":
		*out = append(*out, Finding{Location: loc, Code: "pattern", Message: fmt.Sprintf("must match the pattern %q", s.Pattern)})
	case "minItems":
		*out = append(*out, Finding{Location: loc, Code: "min-items", Message: "must have at least " + plural(s.MinItems, "item")})
	case "maxItems":
		*out = append(*out, Finding{Location: loc, Code: "max-items", Message: "must have at most " + plural(deref(s.MaxItems), "item")})
	case "uniqueItems":
		*out = append(*out, Finding{Location: loc, Code: "unique-items", Message: "must not contain duplicate items"})
	case "minProperties":
		*out = append(*out, Finding{Location: loc, Code: "min-properties", Message: "must have at least " + plural(s.MinProps, "property")})
	case "maxProperties":
		*out = append(*out, Finding{Location: loc, Code: "max-properties", Message: "must have at most " + plural(deref(s.MaxProps), "property")})
	case "readOnly":
		*out = append(*out, Finding{Location: loc, Code: "read-only", Message: "is read-only and must not be sent"})
	case "writeOnly":
		*out = append(*out, Finding{Location: loc, Code: "write-only", Message: "is write-only and must not be returned"})
	case "discriminator":
		*out = append(*out, Finding{Location: loc, Code: "discriminator", Message: "the discriminator property is missing or has an unknown value"})
	case "not":
		*out = append(*out, Finding{Location: loc, Code: "not", Message: "matches a shape that is not allowed"})
	case "boolean":
		*out = append(*out, Finding{Location: loc, Code: "not-allowed", Message: "no value is allowed here"})
	default:
		*out = append(*out, Finding{Location: loc, Code: "invalid", Message: "the value is not valid"})
	}
}

// branchErrors returns the per-branch errors of an allOf or oneOf failure.
func branchErrors(origin error) []error {
	if origin == nil {
		return nil
	}
	inner := errors.Unwrap(origin)
	if inner == nil {
		return nil
	}
	if u, ok := inner.(interface{ Unwrap() error }); ok {
		if me, ok := u.Unwrap().(openapi3.MultiError); ok {
			return me
		}
	}
	if me, ok := inner.(openapi3.MultiError); ok {
		return me
	}
	return nil
}

// joinLocation appends JSON pointer tokens to root: object keys with a dot,
// array indices (all-digit tokens) in brackets.
func joinLocation(root string, tokens []string) string {
	var b strings.Builder
	b.WriteString(root)
	for _, t := range tokens {
		if t != "" && isDigits(t) {
			b.WriteString("[" + t + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(t)
	}
	if b.Len() == 0 {
		return "body"
	}
	return b.String()
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func last(tokens []string) string {
	if len(tokens) == 0 {
		return ""
	}
	return tokens[len(tokens)-1]
}

// quotedIn returns the first Go-quoted string in s (kin-openapi writes
// property names with %q).
func quotedIn(s string) string {
	i := strings.IndexByte(s, '"')
	if i < 0 {
		return ""
	}
	q, err := strconv.QuotedPrefix(s[i:])
	if err != nil {
		return ""
	}
	name, err := strconv.Unquote(q)
	if err != nil {
		return ""
	}
	return name
}

func typeMessage(s *openapi3.Schema) string {
	if s == nil || s.Type == nil || len(*s.Type) == 0 {
		return "has the wrong type"
	}
	names := make([]string, 0, len(*s.Type))
	for _, t := range *s.Type {
		switch t {
		case "integer", "object", "array":
			names = append(names, "an "+t)
		default:
			names = append(names, "a "+t)
		}
	}
	return "must be " + strings.Join(names, " or ")
}

func enumMessage(values []any) string {
	if len(values) > maxEnumInMessage {
		return fmt.Sprintf("must be one of the %d allowed values", len(values))
	}
	parts := make([]string, len(values))
	for i, v := range values {
		if s, ok := v.(string); ok {
			parts[i] = strconv.Quote(s)
		} else {
			parts[i] = fmt.Sprint(v)
		}
	}
	return "must be one of " + strings.Join(parts, ", ")
}

func boundMessage(bound *float64, exclusive bool, incl, excl string) string {
	if bound == nil {
		return "is out of range"
	}
	if exclusive {
		return "must be " + excl + " " + num(bound)
	}
	return "must be " + incl + " " + num(bound)
}

func num(f *float64) string {
	if f == nil {
		return "?"
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

func deref(p *uint64) uint64 {
	if p == nil {
		return 0
	}
	return *p
}

func dedupe(in []Finding) []Finding {
	if len(in) < 2 {
		return in
	}
	seen := make(map[Finding]bool, len(in))
	out := in[:0]
	for _, f := range in {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

func plural(n uint64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") {
		return strconv.FormatUint(n, 10) + " " + word[:len(word)-1] + "ies"
	}
	return strconv.FormatUint(n, 10) + " " + word + "s"
}
