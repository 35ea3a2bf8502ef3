package envelope

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/talkamie/contract/internal/validate"
)

var update = flag.Bool("update", false, "rewrite golden files")

const components = `
components:
  schemas:
    ErrorDetail:
      type: object
      required: [location, code, message]
      properties: {location: {type: string}, code: {type: string}, message: {type: string}}
    ErrorEnvelope:
      type: object
      required: [success, error, message]
      properties:
        success: {type: boolean, enum: [false]}
        error: {type: string}
        message: {type: string}
        details: {type: array, items: {$ref: '#/components/schemas/ErrorDetail'}}
    Problem:
      type: object
      required: [problem]
      properties:
        problem:
          type: object
          required: [status, title]
          properties:
            status: {type: integer}
            title: {type: string}
            summary: {type: string}
            errors: {type: array, items: {$ref: '#/components/schemas/ErrorDetail'}}
`

func doc(t *testing.T, ext string) *openapi3.T {
	t.Helper()
	src := "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n" + ext + components
	d, err := openapi3.NewLoader().LoadFromData([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestRender(t *testing.T) {
	talkamie := `
x-error-envelope:
  schema: ../schemas/v1/res/error_envelope.json
  template: {success: false, error: "{{code}}", message: "{{message}}", details: "{{details}}"}
`
	problem := `
x-error-envelope:
  schema: {$ref: '#/components/schemas/Problem'}
  template:
    problem: {status: "{{status}}", title: "{{code}}", summary: "HTTP {{status}}: {{message}}", errors: "{{details}}"}
`
	errs := map[string]Error{
		"validation": {Status: 422, Code: "validation-failed", Message: "the request does not match the contract", Details: []validate.Finding{
			{Location: "body.coins", Code: "minimum", Message: "must be at least 50"},
			{Location: "query.pageSize", Code: "type", Message: "must be an integer"},
		}},
		"not-found": {Status: 404, Code: "not-found", Message: "no operation at /v1/userz"},
	}
	tests := []struct {
		name string
		ext  string
	}{
		{"talkamie", talkamie},
		{"problem", problem},
		{"default", ""},
	}
	for _, tt := range tests {
		for ename, e := range errs {
			t.Run(tt.name+"/"+ename, func(t *testing.T) {
				env, err := FromDocument(doc(t, tt.ext))
				if err != nil {
					t.Fatal(err)
				}
				if env.Declared() != (tt.ext != "") {
					t.Errorf("Declared() = %v", env.Declared())
				}
				body := env.Render(e)
				var v any
				if err := json.Unmarshal(body, &v); err != nil {
					t.Fatal(err)
				}
				if err := env.Schema().VisitJSON(v, openapi3.MultiErrors()); err != nil {
					t.Errorf("rendered body breaks the envelope schema: %v", err)
				}
				var pretty bytes.Buffer
				_ = json.Indent(&pretty, body, "", "  ")
				pretty.WriteByte('\n')
				golden := filepath.Join("testdata", tt.name+"-"+ename+".json")
				if *update {
					if err := os.WriteFile(golden, pretty.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(pretty.Bytes(), want) {
					t.Errorf("body differs from %s:\n%s", golden, pretty.Bytes())
				}
			})
		}
	}
}

func TestFromDocumentErrors(t *testing.T) {
	tests := []struct {
		name string
		ext  string
	}{
		{"not an object", "x-error-envelope: 3\n"},
		{"no template", "x-error-envelope: {schema: '#/components/schemas/ErrorEnvelope'}\n"},
		{"template not an object", "x-error-envelope: {schema: '#/components/schemas/ErrorEnvelope', template: x}\n"},
		{"no schema", "x-error-envelope: {template: {a: b}}\n"},
		{"unknown schema", "x-error-envelope: {schema: '#/components/schemas/Nope', template: {a: b}}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FromDocument(doc(t, tt.ext))
			if !errors.Is(err, ErrInvalidExtension) {
				t.Fatalf("err = %v, want ErrInvalidExtension", err)
			}
		})
	}
}
