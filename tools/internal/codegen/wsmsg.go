package codegen

import (
	"bytes"
	"cmp"
	"fmt"
	"go/format"
	"slices"
	"strings"
	"text/template"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// WSMessage is one message of the WebSocket channel, as the generator reads it from
// the bundled AsyncAPI document.
type WSMessage struct {
	// Name is the message's key in components/messages; it is also the model's type name.
	Name string
	// Action is the canonical action name the payload pins.
	Action string
	// Aliases are other names clients use for the action (the real web client's kebab-case names).
	Aliases []string
	// ClientToServer is true for frames clients send, false for frames the server sends.
	ClientToServer bool
	// Reply is the name of the server message that answers this client message, "" when none.
	Reply string
	// Summary is the message's one-line summary.
	Summary string
}

// asyncDoc is the part of a bundled AsyncAPI document the generator reads.
type asyncDoc struct {
	Components struct {
		Messages map[string]struct {
			Summary   string   `yaml:"summary"`
			Aliases   []string `yaml:"x-aliases"`
			Direction string   `yaml:"x-direction"`
			Payload   struct {
				Ref string `yaml:"$ref"`
			} `yaml:"payload"`
		} `yaml:"messages"`
		Schemas map[string]struct {
			Properties map[string]struct {
				Const any   `yaml:"const"`
				Enum  []any `yaml:"enum"`
			} `yaml:"properties"`
		} `yaml:"schemas"`
	} `yaml:"components"`
	Operations map[string]struct {
		Action   string `yaml:"action"`
		Messages []ref  `yaml:"messages"`
		Reply    *struct {
			Messages []ref `yaml:"messages"`
		} `yaml:"reply"`
	} `yaml:"operations"`
}

type ref struct {
	Ref string `yaml:"$ref"`
}

// name returns the last segment of a message reference (#/channels/ws/messages/WsPing -> WsPing).
func (r ref) name() string { return r.Ref[strings.LastIndex(r.Ref, "/")+1:] }

// WSMessages reads the messages of a bundled AsyncAPI document, sorted by direction, then action.
func WSMessages(asyncAPI []byte) ([]WSMessage, error) {
	var doc asyncDoc
	if err := yaml.Unmarshal(asyncAPI, &doc); err != nil {
		return nil, fmt.Errorf("read the bundled AsyncAPI document: %w", err)
	}
	var out []WSMessage
	for name, m := range doc.Components.Messages {
		const prefix = "#/components/schemas/"
		if !strings.HasPrefix(m.Payload.Ref, prefix) {
			return nil, fmt.Errorf("message %s: payload must be a $ref to %s<Name>, got %q", name, prefix, m.Payload.Ref)
		}
		schemaName := strings.TrimPrefix(m.Payload.Ref, prefix)
		if schemaName != name {
			return nil, fmt.Errorf("message %s: payload schema %s must have the message's name", name, schemaName)
		}
		s, ok := doc.Components.Schemas[schemaName]
		if !ok {
			return nil, fmt.Errorf("message %s: schema %s is not in the bundle", name, schemaName)
		}
		action := pinned(s.Properties["action"].Const, s.Properties["action"].Enum)
		if action == "" {
			return nil, fmt.Errorf("message %s: schema %s must pin `action` with const or a single-value enum", name, schemaName)
		}
		var c2s bool
		switch m.Direction {
		case "client-to-server":
			c2s = true
		case "server-to-client":
		default:
			return nil, fmt.Errorf("message %s: x-direction must be client-to-server or server-to-client, got %q", name, m.Direction)
		}
		out = append(out, WSMessage{Name: name, Action: action, Aliases: slices.Sorted(slices.Values(m.Aliases)), ClientToServer: c2s, Summary: m.Summary})
	}
	replies, err := replyNames(doc)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Reply = replies[out[i].Name]
	}
	slices.SortFunc(out, func(a, b WSMessage) int {
		if a.ClientToServer != b.ClientToServer {
			if a.ClientToServer {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.Action, b.Action), cmp.Compare(a.Name, b.Name))
	})
	for i := 1; i < len(out); i++ {
		if out[i].ClientToServer == out[i-1].ClientToServer && out[i].Action == out[i-1].Action {
			return nil, fmt.Errorf("action %s has two messages in one direction: %s and %s", out[i].Action, out[i-1].Name, out[i].Name)
		}
	}
	return out, nil
}

// replyNames maps each client message to the message that answers it, from the
// document's receive operations.
func replyNames(doc asyncDoc) (map[string]string, error) {
	replies := map[string]string{}
	for opName, op := range doc.Operations {
		if op.Action != "receive" || op.Reply == nil {
			continue
		}
		if len(op.Reply.Messages) != 1 {
			return nil, fmt.Errorf("operation %s: a reply must name exactly one message, got %d", opName, len(op.Reply.Messages))
		}
		reply := op.Reply.Messages[0].name()
		if _, ok := doc.Components.Messages[reply]; !ok {
			return nil, fmt.Errorf("operation %s: reply message %s is not in components/messages", opName, reply)
		}
		for _, m := range op.Messages {
			if prev, dup := replies[m.name()]; dup && prev != reply {
				return nil, fmt.Errorf("message %s has two replies: %s and %s", m.name(), prev, reply)
			}
			replies[m.name()] = reply
		}
	}
	return replies, nil
}

func pinned(c any, enum []any) string {
	if s, ok := c.(string); ok {
		return s
	}
	if len(enum) == 1 {
		if s, ok := enum[0].(string); ok {
			return s
		}
	}
	return ""
}

// RenderWS renders the gen/wsmsg package source from the bundled AsyncAPI document.
// modelsImport is the import path of the generated models package.
func RenderWS(asyncAPI []byte, hash, modelsImport string) ([]byte, error) {
	msgs, err := WSMessages(asyncAPI)
	if err != nil {
		return nil, err
	}
	type action struct {
		Const, Name string
		Aliases     []string
	}
	byAction := map[string]*action{}
	var actions []*action
	for _, m := range msgs {
		a := byAction[m.Action]
		if a == nil {
			a = &action{Const: actionConst(m.Action), Name: m.Action}
			byAction[m.Action] = a
			actions = append(actions, a)
		}
		for _, al := range m.Aliases {
			if !slices.Contains(a.Aliases, al) {
				a.Aliases = append(a.Aliases, al)
			}
		}
	}
	slices.SortFunc(actions, func(a, b *action) int { return cmp.Compare(a.Name, b.Name) })
	aliasOwner := map[string]string{}
	for _, a := range actions {
		slices.Sort(a.Aliases)
		for _, al := range a.Aliases {
			if prev, dup := aliasOwner[al]; dup && prev != a.Name {
				return nil, fmt.Errorf("alias %q names two actions: %s and %s", al, prev, a.Name)
			}
			if _, clash := byAction[al]; clash && al != a.Name {
				return nil, fmt.Errorf("alias %q of %s is another action's canonical name", al, a.Name)
			}
			aliasOwner[al] = a.Name
		}
	}
	type handlerMethod struct {
		Method, Frame, Reply, Action, Summary string
		Aliases                               []string
	}
	var handlers []handlerMethod
	for _, m := range msgs {
		if m.ClientToServer {
			handlers = append(handlers, handlerMethod{
				Method: goName(m.Action), Frame: m.Name, Reply: m.Reply, Action: m.Action,
				Summary: strings.TrimSuffix(strings.TrimSpace(m.Summary), "."), Aliases: m.Aliases,
			})
		}
	}
	var buf bytes.Buffer
	err = wsTemplate.Execute(&buf, map[string]any{
		"Hash": hash, "Models": modelsImport, "Actions": actions, "Messages": msgs, "Handlers": handlers,
	})
	if err != nil {
		return nil, err
	}
	src, err := format.Source(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("format the generated wsmsg package: %w", err)
	}
	return src, nil
}

// goName turns an action name (chat.message.send, send-message) into a Go identifier part (ChatMessageSend).
func goName(s string) string {
	var b strings.Builder
	upper := true
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			upper = true
			continue
		}
		if upper {
			r = unicode.ToUpper(r)
			upper = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// actionConst is the name of the Go constant of an action (ActionChatMessageSend).
func actionConst(action string) string { return "Action" + goName(action) }

// wsTemplate renders the gen/wsmsg package. Its "message" template is the fields of
// one WSMessage's Message literal, shared by Messages and Lookup.
var wsTemplate = template.Must(template.New("wsmsg").Funcs(template.FuncMap{"actionConst": actionConst}).Parse(`{{define "message" -}}
Name: {{printf "%q" .Name}}, Action: {{actionConst .Action}}, Direction: {{if .ClientToServer}}ClientToServer{{else}}ServerToClient{{end}}, New: func() any { return new(models.{{.Name}}) }
{{- end}}// Code generated by contract gen. DO NOT EDIT.
// Contract hash: {{.Hash}}

package wsmsg

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"{{.Models}}"
)

// Action is a canonical WebSocket action name.
type Action string

// The canonical actions of the channel.
const (
{{- range .Actions}}
	{{.Const}} Action = {{printf "%q" .Name}}
{{- end}}
)

// Direction says who sends a frame.
type Direction uint8

// The two directions of the channel.
const (
	// ClientToServer frames are sent by clients and received by the server.
	ClientToServer Direction = iota + 1
	// ServerToClient frames are sent by the server: replies and pushes.
	ServerToClient
)

// String returns "client-to-server" or "server-to-client".
func (d Direction) String() string {
	switch d {
	case ClientToServer:
		return "client-to-server"
	case ServerToClient:
		return "server-to-client"
	}
	return fmt.Sprintf("Direction(%d)", d)
}

// Message describes one message of the channel: an action in one direction.
type Message struct {
	// Name is the message's name in the AsyncAPI document and the name of its model type.
	Name      string
	Action    Action
	Direction Direction
	// New returns a pointer to a new zero value of the message's model type.
	New func() any
}

// Messages returns every message of the channel, client frames first, each sorted by action.
func Messages() []Message {
	return []Message{
{{- range .Messages}}
		{ {{- template "message" .}}},
{{- end}}
	}
}

// Canonical returns the canonical action for a canonical name or an alias.
func Canonical(name string) (Action, bool) {
	switch name {
{{- range .Actions}}
	case {{printf "%q" .Name}}{{range .Aliases}}, {{printf "%q" .}}{{end}}:
		return {{.Const}}, true
{{- end}}
	}
	return "", false
}

// Aliases returns the other names clients use for an action (nil when it has none).
func (a Action) Aliases() []string {
	switch a {
{{- range .Actions}}{{if .Aliases}}
	case {{.Const}}:
		return []string{ {{- range $i, $a := .Aliases}}{{if $i}}, {{end}}{{printf "%q" $a}}{{end -}} }
{{- end}}{{end}}
	}
	return nil
}

// Lookup returns the message of an action in a direction.
func Lookup(d Direction, a Action) (Message, bool) {
	switch d {
	case ClientToServer:
		switch a {
{{- range .Messages}}{{if .ClientToServer}}
		case {{actionConst .Action}}:
			return Message{ {{- template "message" .}}}, true
{{- end}}{{end}}
		}
	case ServerToClient:
		switch a {
{{- range .Messages}}{{if not .ClientToServer}}
		case {{actionConst .Action}}:
			return Message{ {{- template "message" .}}}, true
{{- end}}{{end}}
		}
	}
	return Message{}, false
}

// ErrUnknownAction is returned (wrapped) for a frame whose action the channel does not have in that direction.
var ErrUnknownAction = errors.New("unknown action")

// ErrMalformedFrame is returned (wrapped) for a frame that is not a JSON object with a string action.
var ErrMalformedFrame = errors.New("malformed frame")

// Decode reads a frame sent in direction d into its model type, chosen by the frame's
// action (canonical or alias). The returned value is a pointer to the model, with the
// action rewritten to its canonical name; name is the action as the frame spelled it,
// so a reply can use the sender's naming.
func Decode(d Direction, frame []byte) (msg Message, value any, name string, err error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(frame, &fields); err != nil {
		return Message{}, nil, "", fmt.Errorf("%w: %v", ErrMalformedFrame, err)
	}
	if err := json.Unmarshal(fields["action"], &name); err != nil || name == "" {
		return Message{}, nil, "", fmt.Errorf("%w: the frame needs a string \"action\"", ErrMalformedFrame)
	}
	action, ok := Canonical(name)
	if !ok {
		return Message{}, nil, name, fmt.Errorf("%w: %q", ErrUnknownAction, name)
	}
	msg, ok = Lookup(d, action)
	if !ok {
		return Message{}, nil, name, fmt.Errorf("%w: %q is not a %s action", ErrUnknownAction, name, d)
	}
	if string(action) != name {
		fields["action"], _ = json.Marshal(string(action))
		if frame, err = json.Marshal(fields); err != nil {
			return Message{}, nil, name, fmt.Errorf("%w: %v", ErrMalformedFrame, err)
		}
	}
	value = msg.New()
	if err := json.Unmarshal(frame, value); err != nil {
		return Message{}, nil, name, fmt.Errorf("%w: %v", ErrMalformedFrame, err)
	}
	return msg, value, name, nil
}

// Handler handles the frames clients send, one method per client action. A method
// returns the typed reply the contract declares for the action (nil for none), or an
// error. Embed UnimplementedHandler to build a handler one action at a time.
type Handler interface {
{{- range .Handlers}}
	// {{.Method}} handles {{printf "%q" .Action}}{{if .Aliases}} (client name{{if gt (len .Aliases) 1}}s{{end}}{{range $i, $a := .Aliases}}{{if $i}},{{end}} {{printf "%q" $a}}{{end}}){{end}}{{if .Summary}}: {{.Summary}}{{end}}.
	{{.Method}}(ctx context.Context, frame *models.{{.Frame}}) ({{if .Reply}}*models.{{.Reply}}, {{end}}error)
{{- end}}
}

// ErrNotImplemented is what UnimplementedHandler returns for every action.
var ErrNotImplemented = errors.New("not implemented")

// UnimplementedHandler implements Handler by returning ErrNotImplemented for every action.
type UnimplementedHandler struct{}

var _ Handler = UnimplementedHandler{}
{{range .Handlers}}
// {{.Method}} returns ErrNotImplemented.
func (UnimplementedHandler) {{.Method}}(context.Context, *models.{{.Frame}}) ({{if .Reply}}*models.{{.Reply}}, {{end}}error) {
	return {{if .Reply}}nil, {{end}}ErrNotImplemented
}
{{end}}
// Dispatch calls the Handler method for a decoded client frame (a value returned by
// Decode(ClientToServer, ...)) and returns its reply, or nil when there is none.
func Dispatch(ctx context.Context, h Handler, frame any) (reply any, err error) {
	switch f := frame.(type) {
{{- range .Handlers}}
	case *models.{{.Frame}}:
		{{- if .Reply}}
		r, err := h.{{.Method}}(ctx, f)
		if r == nil {
			return nil, err
		}
		return r, err
		{{- else}}
		return nil, h.{{.Method}}(ctx, f)
		{{- end}}
{{- end}}
	}
	return nil, fmt.Errorf("%w: %T is not a client frame", ErrUnknownAction, frame)
}
`))
