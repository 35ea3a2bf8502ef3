package validate

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func sortStrings(s []string) { slices.Sort(s) }

// errFormat is returned by the format validators below; its text is never shown.
var errFormat = errors.New("value does not match the format")

// formatValidators are the string formats checked on top of kin-openapi's
// defaults (date, date-time, byte). They are passed per validation, so no
// global registry is touched.
func formatValidators() map[string]openapi3.StringFormatValidator {
	return map[string]openapi3.StringFormatValidator{
		"email": openapi3.NewCallbackValidator(checkEmail),
		"uuid":  openapi3.NewCallbackValidator(checkUUID),
	}
}

// SchemaOptions are the options to validate a value the way requests are
// validated (formats included, error details off); add
// openapi3.VisitAsResponse() or openapi3.VisitAsRequest() as fits.
func (v *Validator) SchemaOptions() []openapi3.SchemaValidationOption {
	return slices.Clone(v.schemaOpts)
}

func checkEmail(s string) error {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || domain == "" || strings.ContainsAny(s, " \t\r\n<>") || strings.Contains(domain, "@") {
		return errFormat
	}
	return nil
}

func checkUUID(s string) error {
	if len(s) != 36 {
		return errFormat
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return errFormat
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return errFormat
			}
		}
	}
	return nil
}

// Value validates a decoded JSON value against schema, as a response body
// when asRequest is false (readOnly allowed, writeOnly rejected) and as a
// request body otherwise. Findings are located relative to root ("body" for
// a body, "" for a bare value).
func (v *Validator) Value(schema *openapi3.Schema, value any, asRequest bool, root string) []Finding {
	opts := append(v.SchemaOptions(), openapi3.MultiErrors())
	if asRequest {
		opts = append(opts, openapi3.VisitAsRequest())
	} else {
		opts = append(opts, openapi3.VisitAsResponse())
	}
	if err := schema.VisitJSON(value, opts...); err != nil {
		return Findings(root, err)
	}
	return nil
}
