package mock

import (
	"encoding/json"

	"github.com/talkamie/contract/internal/envelope"
	"github.com/talkamie/contract/internal/validate"
)

// This file holds what a stateful world built on the mock (mock/world) needs
// from it: the example responder to fall back on, the contract's component
// schemas to check WebSocket frames against, and the error envelope.

// ExampleResponder returns the responder that replays the documented
// examples (the default one), for a custom Responder to fall back on.
func (m *Mock) ExampleResponder() Responder { return exampleResponder{m} }

// HasSchema reports whether the OpenAPI document has a component schema
// with this name (e.g. "WsChatMessageSend").
func (m *Mock) HasSchema(name string) bool {
	if m.doc.Components == nil {
		return false
	}
	ref := m.doc.Components.Schemas[name]
	return ref != nil && ref.Value != nil
}

// CheckSchema validates a decoded JSON value (maps, slices, float64, string,
// bool, nil) against the component schema name; asRequest applies the
// request rules (writeOnly allowed, readOnly refused). Findings are located
// under root ("body" for a WebSocket frame). An unknown schema is one
// finding with code unknown-schema.
func (m *Mock) CheckSchema(name string, value any, asRequest bool, root string) []validate.Finding {
	if !m.HasSchema(name) {
		return []validate.Finding{{Location: root, Code: "unknown-schema", Message: "the contract has no schema " + name}}
	}
	return validate.Sort(m.val.Value(m.doc.Components.Schemas[name].Value, value, asRequest, root))
}

// ErrorBody renders an error in the contract's error envelope, for a
// Response.Body: the bytes are sent as they are (after the response is
// validated like any other).
func (m *Mock) ErrorBody(status int, code, message string, details ...validate.Finding) json.RawMessage {
	return m.env.Render(envelope.Error{Status: status, Code: code, Message: message, Details: details})
}
