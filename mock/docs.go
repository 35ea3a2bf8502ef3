package mock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/swaggest/swgui"
	"github.com/swaggest/swgui/v5emb"
	"go.yaml.in/yaml/v3"
)

// aux serves everything around the API: docs, the documents, health.
type aux struct {
	swagger  http.Handler
	wsOnce   sync.Once
	wsPage   []byte
	wsErr    error
	openapi  []byte
	asyncapi []byte
}

func newAux(m *Mock) *aux {
	a := &aux{openapi: m.spec.OpenAPI, asyncapi: m.spec.AsyncAPI}
	title := "API"
	if m.doc.Info != nil && m.doc.Info.Title != "" {
		title = m.doc.Info.Title
	}
	links := `<div style="font-family:sans-serif;padding:8px 20px;background:#f4f4f4">` +
		`<a href="/openapi.yaml">openapi.yaml</a>`
	if len(a.asyncapi) > 0 {
		links += ` · <a href="/docs/ws">WebSocket actions</a> · <a href="/asyncapi.yaml">asyncapi.yaml</a>`
	}
	links += `</div>`
	a.swagger = v5emb.NewHandlerWithConfig(swgui.Config{
		Title:       title,
		SwaggerJSON: "/openapi.yaml",
		BasePath:    "/docs/",
		HideCurl:    false,
		PrependHTML: template.HTML(links),
	})
	return a
}

// actionsPage renders the WebSocket page on first use (start-up stays fast).
func (a *aux) actionsPage() ([]byte, error) {
	a.wsOnce.Do(func() { a.wsPage, a.wsErr = renderActions(a.asyncapi) })
	return a.wsPage, a.wsErr
}

// serve answers the auxiliary paths; false when p is not one of them.
func (a *aux) serve(w *statusWriter, r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	p := r.URL.Path
	switch {
	case p == "/healthz":
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	case p == "/openapi.yaml":
		writeDocument(w, a.openapi)
	case p == "/asyncapi.yaml" && len(a.asyncapi) > 0:
		writeDocument(w, a.asyncapi)
	case p == "/docs/ws" && len(a.asyncapi) > 0:
		page, err := a.actionsPage()
		if err != nil {
			http.Error(w, "the AsyncAPI document cannot be read: "+err.Error(), http.StatusUnprocessableEntity)
			break
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(page)
	case p == "/docs":
		http.Redirect(w, r, "/docs/", http.StatusMovedPermanently)
	case strings.HasPrefix(p, "/docs/"):
		a.swagger.ServeHTTP(w, r)
	default:
		return false
	}
	w.example = "docs"
	return true
}

func writeDocument(w http.ResponseWriter, doc []byte) {
	ct := "application/yaml"
	if t := bytes.TrimSpace(doc); len(t) > 0 && t[0] == '{' {
		ct = "application/json"
	}
	w.Header().Set("Content-Type", ct)
	_, _ = w.Write(doc)
}

// action is one WebSocket message of the AsyncAPI document, for the page.
type action struct {
	Canonical string
	Aliases   []string
	Direction string
	Message   string
	Summary   string
	Schema    string
	Examples  []namedJSON
}

type namedJSON struct{ Name, JSON string }

// renderActions lists every message of an AsyncAPI 2.x or 3.0 document:
// canonical action, aliases, direction, payload schema and examples.
func renderActions(doc []byte) ([]byte, error) {
	var root map[string]any
	if err := yaml.Unmarshal(doc, &root); err != nil {
		return nil, fmt.Errorf("asyncapi: %w", err)
	}
	comps, _ := root["components"].(map[string]any)
	messages, _ := comps["messages"].(map[string]any)
	schemas, _ := comps["schemas"].(map[string]any)
	names := make([]string, 0, len(messages))
	for n := range messages {
		names = append(names, n)
	}
	slices.Sort(names)
	var actions []action
	for _, name := range names {
		msg, _ := messages[name].(map[string]any)
		payload := resolve(msg["payload"], schemas)
		a := action{Message: name, Canonical: str(msg["x-action"]), Direction: str(msg["x-direction"]), Summary: str(msg["summary"])}
		if a.Canonical == "" {
			a.Canonical = actionConst(payload)
		}
		if a.Canonical == "" {
			a.Canonical = name
		}
		if al, ok := msg["x-aliases"].([]any); ok {
			for _, x := range al {
				a.Aliases = append(a.Aliases, str(x))
			}
		}
		a.Schema = prettyJSON(msg["payload"])
		if payload != nil {
			a.Schema = prettyJSON(payload)
		}
		if exs, ok := msg["examples"].([]any); ok {
			for i, x := range exs {
				ex, _ := x.(map[string]any)
				n := str(ex["name"])
				if n == "" {
					n = fmt.Sprintf("example %d", i+1)
				}
				a.Examples = append(a.Examples, namedJSON{n, prettyJSON(ex["payload"])})
			}
		}
		actions = append(actions, a)
	}
	slices.SortStableFunc(actions, func(x, y action) int {
		if c := strings.Compare(x.Canonical, y.Canonical); c != 0 {
			return c
		}
		return strings.Compare(x.Direction, y.Direction)
	})
	title := "WebSocket actions"
	if info, ok := root["info"].(map[string]any); ok && str(info["title"]) != "" {
		title = str(info["title"])
	}
	var buf bytes.Buffer
	if err := actionsTemplate().Execute(&buf, map[string]any{"Title": title, "Actions": actions}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// resolve follows a local $ref into components.schemas.
func resolve(v any, schemas map[string]any) map[string]any {
	for range 8 {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		name, ok := strings.CutPrefix(ref, "#/components/schemas/")
		if !ok {
			return m
		}
		v = schemas[name]
	}
	return nil
}

// actionConst reads properties.action.const / enum[0] of a frame schema.
func actionConst(s map[string]any) string {
	props, _ := s["properties"].(map[string]any)
	act, _ := props["action"].(map[string]any)
	if c := str(act["const"]); c != "" {
		return c
	}
	if e, ok := act["enum"].([]any); ok && len(e) > 0 {
		return str(e[0])
	}
	return ""
}

func str(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

func prettyJSON(v any) string {
	if v == nil {
		return ""
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // html/template escapes the page
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func actionsTemplate() *template.Template {
	return template.Must(template.New("ws").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}: actions</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;max-width:1200px}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.4rem;vertical-align:top;text-align:left}
th{background:#f4f4f4}pre{margin:0;font-size:12px;max-height:30rem;overflow:auto}code{font-size:13px}
</style></head><body>
<h1>{{.Title}}</h1>
<p>{{len .Actions}} messages. <a href="/asyncapi.yaml">asyncapi.yaml</a> · <a href="/docs/">REST docs</a></p>
<table><thead><tr><th>Action</th><th>Aliases</th><th>Direction</th><th>Message</th><th>Payload schema</th><th>Examples</th></tr></thead><tbody>
{{range .Actions}}<tr id="{{.Message}}">
<td><code>{{.Canonical}}</code></td>
<td>{{range .Aliases}}<code>{{.}}</code> {{end}}</td>
<td>{{.Direction}}</td>
<td><a href="#{{.Message}}">{{.Message}}</a><br>{{.Summary}}</td>
<td><details><summary>schema</summary><pre>{{.Schema}}</pre></details></td>
<td>{{range .Examples}}<details><summary>{{.Name}}</summary><pre>{{.JSON}}</pre></details>{{end}}</td>
</tr>
{{end}}</tbody></table></body></html>
`))
}
