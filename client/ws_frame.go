package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/gen/wsmsg"
)

// Frame is one frame the server sent, decoded.
type Frame struct {
	// Action is the frame's canonical action (empty when the frame had no
	// readable action).
	Action wsmsg.Action
	// Name is the action as the server spelled it (canonical or alias).
	Name string
	// Value is a pointer to the frame's generated type (*models.WsChatMessageNew,
	// *models.WsChatMessageSendReply, ...), or *models.WsError for an error frame
	// (`success: false`); nil when the frame could not be decoded.
	Value any
	// Err is an *APIError for an error frame, or an error wrapping
	// wsmsg.ErrUnknownAction or wsmsg.ErrMalformedFrame for a frame the contract
	// does not describe; nil otherwise.
	Err error
	// Raw is the frame as received.
	Raw json.RawMessage
}

// decodeFrame decodes a server frame. It never fails: problems end up in
// Frame.Err.
func decodeFrame(data []byte) Frame {
	f := Frame{Raw: append(json.RawMessage(nil), data...)}
	var head struct {
		Action  string `json:"action"`
		Success *bool  `json:"success"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		f.Err = fmt.Errorf("%w: %v", wsmsg.ErrMalformedFrame, err)
		return f
	}
	f.Name = head.Action
	if a, ok := wsmsg.Canonical(head.Action); ok {
		f.Action = a
	}
	if head.Success != nil && !*head.Success {
		var we models.WsError
		if err := json.Unmarshal(data, &we); err != nil {
			f.Err = fmt.Errorf("%w: error frame: %v", wsmsg.ErrMalformedFrame, err)
			return f
		}
		f.Value = &we
		f.Err = wsError(f.Action, &we)
		return f
	}
	_, v, _, err := wsmsg.Decode(wsmsg.ServerToClient, data)
	if err != nil {
		f.Err = err
		return f
	}
	f.Value = v
	return f
}

// wsError turns an error frame into an *APIError.
func wsError(action wsmsg.Action, we *models.WsError) *APIError {
	e := &APIError{Operation: string(action), Message: we.Message}
	if action == "" {
		e.Operation = we.Action
	}
	if we.StatusCode != nil {
		e.StatusCode = *we.StatusCode
	}
	if we.Error != nil {
		e.Code = *we.Error
	}
	if we.Details != nil {
		e.Details = *we.Details
	}
	return e
}

// errNotClientFrame is wrapped when Send or Call get a value that is not a
// client frame of the contract.
var errNotClientFrame = errors.New("not a client frame")

// encodeClientFrame finds the client message of frame, a generated client frame
// (pointer or value) or raw JSON, and encodes it with its canonical action set
// (so callers may leave Action empty).
func encodeClientFrame(frame any) (wsmsg.Message, []byte, error) {
	var raw []byte
	switch f := frame.(type) {
	case json.RawMessage:
		raw = f
	case []byte:
		raw = f
	default:
		msg, ok := clientMessageOf(frame)
		if !ok {
			return wsmsg.Message{}, nil, fmt.Errorf("%w: %T", errNotClientFrame, frame)
		}
		b, err := json.Marshal(frame)
		if err != nil {
			return wsmsg.Message{}, nil, fmt.Errorf("encode %s: %w", msg.Action, err)
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(b, &fields); err != nil {
			return wsmsg.Message{}, nil, fmt.Errorf("encode %s: %w", msg.Action, err)
		}
		fields["action"], _ = json.Marshal(string(msg.Action))
		if raw, err = json.Marshal(fields); err != nil {
			return wsmsg.Message{}, nil, fmt.Errorf("encode %s: %w", msg.Action, err)
		}
		return msg, raw, nil
	}
	msg, _, _, err := wsmsg.Decode(wsmsg.ClientToServer, raw)
	if err != nil {
		return wsmsg.Message{}, nil, fmt.Errorf("%w: %w", errNotClientFrame, err)
	}
	return msg, raw, nil
}

// clientMessageOf returns the client message whose generated type frame is.
func clientMessageOf(frame any) (wsmsg.Message, bool) {
	t := reflect.TypeOf(frame)
	if t == nil {
		return wsmsg.Message{}, false
	}
	if t.Kind() != reflect.Pointer {
		t = reflect.PointerTo(t)
	}
	for _, m := range wsmsg.Messages() {
		if m.Direction == wsmsg.ClientToServer && reflect.TypeOf(m.New()) == t {
			return m, true
		}
	}
	return wsmsg.Message{}, false
}

// replyOf returns the server message that acknowledges client message m: the
// server message of the same action named <m.Name>Reply. Relays and pushes
// that share an action (call.signal) are not replies.
func replyOf(m wsmsg.Message) (wsmsg.Message, bool) {
	r, ok := wsmsg.Lookup(wsmsg.ServerToClient, m.Action)
	if !ok || r.Name != m.Name+"Reply" {
		return wsmsg.Message{}, false
	}
	return r, true
}
