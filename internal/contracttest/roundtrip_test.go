package contracttest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/gen"
	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/gen/restclient"
	"github.com/talkamie/contract/gen/wsmsg"
)

// The tests in this file decode every documented example into its generated Go type,
// encode it again and compare: a field the types do not carry, a renamed field or a
// changed value fails the test. Explicit nulls count as absent fields, since the
// generated types encode a nil optional field by leaving it out.

// TestSchemaExamplesRoundTrip covers every entry of every schema's `examples`, in the
// schema files and in their $defs (the bundle keeps only the first of each).
func TestSchemaExamplesRoundTrip(t *testing.T) {
	count := 0
	for _, f := range schemaFiles(t) {
		sites := map[string][]json.RawMessage{f.title: f.examples}
		for name, examples := range f.defs {
			sites[name] = examples
		}
		for _, name := range slices.Sorted(mapKeys(sites)) {
			for i, ex := range sites[name] {
				count++
				t.Run(fmt.Sprintf("%s/%s/%d", f.rel, name, i), func(t *testing.T) {
					v, ok := models.New(name)
					if !ok {
						t.Fatalf("no generated type for component schema %s", name)
					}
					roundTrip(t, ex, v)
				})
			}
		}
	}
	if count < 200 {
		t.Errorf("only %d schema examples found; the contract documents more", count)
	}
}

// TestOperationExamplesRoundTrip covers every request body and response example of every
// operation, through the generated request body types and the client's response parsers.
func TestOperationExamplesRoundTrip(t *testing.T) {
	doc := bundledOpenAPI(t)
	count := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if rb := op.RequestBody; rb != nil && rb.Value != nil {
				if mt := rb.Value.Content.Get("application/json"); mt != nil {
					for _, name := range exampleNames(mt) {
						count++
						t.Run(fmt.Sprintf("%s/request/%s", op.OperationID, name), func(t *testing.T) {
							v, ok := models.NewRequestBody(op.OperationID)
							if !ok {
								t.Fatalf("no generated request body type for %s %s", method, path)
							}
							roundTrip(t, mustJSON(t, mt.Examples[name].Value.Value), v)
						})
					}
				}
			}
			for status, resp := range op.Responses.Map() {
				mt := resp.Value.Content.Get("application/json")
				if mt == nil {
					continue
				}
				code, err := strconv.Atoi(status)
				if err != nil {
					t.Errorf("%s: response %q: only numeric statuses are documented here", op.OperationID, status)
					continue
				}
				for _, name := range exampleNames(mt) {
					count++
					t.Run(fmt.Sprintf("%s/%d/%s", op.OperationID, code, name), func(t *testing.T) {
						body := mustJSON(t, mt.Examples[name].Value.Value)
						rsp := &http.Response{
							StatusCode: code,
							Header:     http.Header{"Content-Type": {"application/json"}},
							Body:       io.NopCloser(bytes.NewReader(body)),
						}
						parsed, ok, err := restclient.ParseResponse(op.OperationID, rsp)
						if !ok || err != nil {
							t.Fatalf("parse: known=%v err=%v", ok, err)
						}
						field := reflect.ValueOf(parsed).Elem().FieldByName("JSON" + status)
						if !field.IsValid() || field.IsNil() {
							t.Fatalf("the generated response has no decoded JSON%s field", status)
						}
						roundTrip(t, body, field.Interface())
					})
				}
			}
		}
	}
	if count < 300 {
		t.Errorf("only %d operation examples found; the contract documents more", count)
	}
}

// TestMessageExamplesRoundTrip covers every AsyncAPI message example through the
// WebSocket decoder and the generated frame types.
func TestMessageExamplesRoundTrip(t *testing.T) {
	var doc struct {
		Components struct {
			Messages map[string]struct {
				Direction string `yaml:"x-direction"`
				Examples  []struct {
					Name    string `yaml:"name"`
					Payload any    `yaml:"payload"`
				} `yaml:"examples"`
			} `yaml:"messages"`
		} `yaml:"components"`
	}
	if err := yaml.Unmarshal(gen.AsyncAPI, &doc); err != nil {
		t.Fatal(err)
	}
	count := 0
	for _, name := range slices.Sorted(mapKeys(doc.Components.Messages)) {
		m := doc.Components.Messages[name]
		dir := wsmsg.ServerToClient
		if m.Direction == "client-to-server" {
			dir = wsmsg.ClientToServer
		}
		if len(m.Examples) == 0 {
			t.Errorf("message %s has no example", name)
		}
		for _, ex := range m.Examples {
			count++
			t.Run(name+"/"+ex.Name, func(t *testing.T) {
				frame := mustJSON(t, ex.Payload)
				msg, v, _, err := wsmsg.Decode(dir, frame)
				if err != nil {
					t.Fatal(err)
				}
				if msg.Name != name {
					t.Fatalf("decoded as %s", msg.Name)
				}
				roundTrip(t, frame, v)
			})
		}
	}
	if count < 44 {
		t.Errorf("only %d message examples found", count)
	}
}

// roundTrip decodes doc into v, encodes v and fails on any difference.
func roundTrip(t *testing.T, doc []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decode into %T: %v", v, err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode %T: %v", v, err)
	}
	var want, got any
	if err := json.Unmarshal(doc, &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if ptr, msg := firstDifference("", dropNulls(want), dropNulls(got)); msg != "" {
		t.Errorf("%T does not round-trip the example: at %q %s", v, ptr, msg)
	}
}

// firstDifference returns the JSON pointer and description of the first difference.
func firstDifference(ptr string, want, got any) (string, string) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return ptr, fmt.Sprintf("became %T", got)
		}
		for _, k := range slices.Sorted(mapKeys(w)) {
			gv, ok := g[k]
			if !ok {
				return ptr + "/" + escapeToken(k), "was lost"
			}
			if p, m := firstDifference(ptr+"/"+escapeToken(k), w[k], gv); m != "" {
				return p, m
			}
		}
		for _, k := range slices.Sorted(mapKeys(g)) {
			if _, ok := w[k]; !ok {
				return ptr + "/" + escapeToken(k), fmt.Sprintf("was added (%v)", g[k])
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return ptr, fmt.Sprintf("array changed (%d items -> %v)", len(w), got)
		}
		for i := range w {
			if p, m := firstDifference(ptr+"/"+strconv.Itoa(i), w[i], g[i]); m != "" {
				return p, m
			}
		}
	default:
		if !reflect.DeepEqual(want, got) {
			return ptr, fmt.Sprintf("changed from %v to %v", want, got)
		}
	}
	return "", ""
}

func dropNulls(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if e == nil {
				delete(x, k)
				continue
			}
			x[k] = dropNulls(e)
		}
	case []any:
		for i := range x {
			x[i] = dropNulls(x[i])
		}
	}
	return v
}

func bundledOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	loader.Context = context.Background()
	doc, err := loader.LoadFromData(gen.OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func exampleNames(mt *openapi3.MediaType) []string {
	return slices.Sorted(mapKeys(mt.Examples))
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func escapeToken(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}
