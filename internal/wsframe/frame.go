package wsframe

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/gen/wsmsg"
	"github.com/talkamie/contract/internal/envelope"
	"github.com/talkamie/contract/internal/validate"
	"github.com/talkamie/contract/internal/wsconn"
)

// NoAction is the action an error frame carries when the client frame had
// none (it was not JSON, not an object, or had no action).
const NoAction = "error"

// CodeUnknownAction is the error code of a frame whose action the contract
// does not accept from clients.
const CodeUnknownAction = "unknown-action"

// Frame is a client frame that passed the checks every endpoint makes: valid
// JSON, an object, an action of the contract's client-to-server messages.
type Frame struct {
	// Name is the action as the client spelled it (possibly an alias).
	Name string
	// Action is the canonical action.
	Action wsmsg.Action
	// Message is the client-to-server message of Action.
	Message wsmsg.Message
	// Fields is the decoded frame, numbers as json.Number, with "action" set
	// to the canonical action so it validates against the message schema.
	Fields map[string]any
}

// Parse decodes a client frame and checks its action. endpoint names what
// answers ("server", "mock") in the message for an action it does not accept.
// On failure it returns the action to answer with (NoAction when the frame
// has none) and the failure.
func Parse(data []byte, endpoint string) (Frame, *envelope.Error) {
	// Numbers stay json.Number: as float64, a round integer such as an
	// epoch-millisecond timestamp would not bind into the frame's int field.
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil || dec.More() {
		return Frame{Name: NoAction}, Fail(http.StatusBadRequest, validate.CodeMalformed, "the frame is not valid JSON", validate.MalformedJSON(data))
	}
	fields, ok := v.(map[string]any)
	if !ok {
		return Frame{Name: NoAction}, Fail(http.StatusBadRequest, validate.CodeMalformed, "a frame must be a JSON object",
			validate.Finding{Location: "body", Code: "type", Message: "must be an object"})
	}
	name, _ := fields["action"].(string)
	if name == "" {
		return Frame{Name: NoAction}, Fail(http.StatusBadRequest, validate.CodeMalformed, "a frame needs an action",
			validate.Finding{Location: "body.action", Code: "required", Message: "a string \"action\" is required"})
	}
	action, known := wsmsg.Canonical(name)
	msg, accepted := wsmsg.Lookup(wsmsg.ClientToServer, action)
	if !known || !accepted {
		return Frame{Name: name}, Fail(http.StatusBadRequest, CodeUnknownAction, "this action is not one the "+endpoint+" accepts",
			validate.Finding{Location: "body.action", Code: CodeUnknownAction, Message: "not a client action of the contract"})
	}
	fields["action"] = string(action)
	return Frame{Name: name, Action: action, Message: msg, Fields: fields}, nil
}

// SpelledCanonical reports whether the client spelled the frame's action by
// its canonical name; known is false when the action has no alias, so the
// spelling tells nothing about the client's naming.
func (f Frame) SpelledCanonical() (canonical, known bool) {
	if len(f.Action.Aliases()) == 0 {
		return false, false
	}
	return f.Name == string(f.Action), true
}

// Authorize returns the failure for a frame sent before the connection is
// authenticated (anything but authenticate), nil otherwise.
func (f Frame) Authorize(authenticated bool) *envelope.Error {
	if authenticated || f.Action == wsmsg.ActionAuthenticate {
		return nil
	}
	return Fail(http.StatusUnauthorized, validate.CodeUnauthorized, "send authenticate with your token first")
}

// Fail returns a failure to answer with an error frame.
func Fail(status int, code, message string, details ...validate.Finding) *envelope.Error {
	return &envelope.Error{Status: status, Code: code, Message: message, Details: details}
}

// ErrorFrame renders a failure as the contract's WsError frame, answering the
// action name as the client spelled it.
func ErrorFrame(name string, e envelope.Error) []byte {
	frame := models.WsError{Action: name, Success: false, Error: &e.Code, Message: e.Message, StatusCode: &e.Status}
	if len(e.Details) > 0 {
		ds := make([]models.ErrorDetail, len(e.Details))
		for i, d := range e.Details {
			ds[i] = models.ErrorDetail{Location: d.Location, Code: d.Code, Message: d.Message}
		}
		frame.Details = &ds
	}
	out, err := json.Marshal(frame)
	if err != nil {
		return []byte(`{"action":"error","success":false,"message":"the error frame could not be encoded"}`)
	}
	return out
}

// Answer queues the answer to one client frame on c: the error frame for
// fail, else reply when there is one (nil: the action has no reply). name is
// the action as the client spelled it, user who the connection is
// authenticated as ("" for nobody). It returns the attributes of the frame's
// log line.
func Answer(c *wsconn.Conn, name, user string, reply []byte, fail *envelope.Error) []slog.Attr {
	attrs := []slog.Attr{slog.String("action", name)}
	if user != "" {
		attrs = append(attrs, slog.String("user", user))
	}
	if fail != nil {
		attrs = append(attrs, slog.String("error", fail.Code), slog.Int("status", fail.Status))
		c.Send(ErrorFrame(name, *fail), slog.String("action", name), slog.String("kind", "error"))
		return attrs
	}
	if reply != nil {
		c.Send(reply, slog.String("action", name), slog.String("kind", "reply"))
		attrs = append(attrs, slog.String("outcome", "replied"))
	}
	return attrs
}
