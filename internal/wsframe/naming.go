package wsframe

import (
	"bytes"
	"encoding/json"
	"sync/atomic"

	"github.com/talkamie/contract/gen/wsmsg"
)

// Naming is how one connection spells the actions that have a client alias:
// the web client's kebab-case alias ("send-message"), or the contract's
// canonical dotted name ("chat.message.send"). The zero value uses aliases
// until the client shows otherwise. It is safe for concurrent use.
type Naming struct {
	canonical atomic.Bool
}

// SetCanonical sets the naming: canonical names when true, aliases otherwise.
func (n *Naming) SetCanonical(canonical bool) { n.canonical.Store(canonical) }

// Canonical reports whether the connection spells actions canonically.
func (n *Naming) Canonical() bool { return n.canonical.Load() }

// Note records the naming a client frame shows: the spelling of an action
// that has an alias. A frame whose action has none tells nothing.
func (n *Naming) Note(f Frame) {
	if canonical, known := f.SpelledCanonical(); known {
		n.canonical.Store(canonical)
	}
}

// Outgoing is a server frame ready to send in either naming.
type Outgoing struct {
	// Action is the frame's canonical action.
	Action    wsmsg.Action
	canonical []byte
	alias     []byte
}

// NewOutgoing returns a server frame of action from its JSON object, whatever
// the object's "action" says (an alias, another action, or nothing): the
// frame is sent with action, in the naming of each connection.
func NewOutgoing(action wsmsg.Action, frame []byte) Outgoing {
	o := Outgoing{Action: action, canonical: Rename(frame, string(action))}
	o.alias = o.canonical
	if aliases := action.Aliases(); len(aliases) > 0 {
		o.alias = Rename(o.canonical, aliases[0])
	}
	return o
}

// Canonical returns the frame with its action spelled canonically.
func (o Outgoing) Canonical() []byte { return o.canonical }

// For returns the frame in a connection's naming.
func (o Outgoing) For(n *Naming) []byte {
	if n.Canonical() {
		return o.canonical
	}
	return o.alias
}

// Named returns the frame with its action spelled name, the spelling of the
// client frame it answers.
func (o Outgoing) Named(name string) []byte {
	if name == string(o.Action) {
		return o.canonical
	}
	return Rename(o.canonical, name)
}

// Rename returns a JSON object frame with its "action" member set to name.
// A frame that starts with its action (as json.Marshal writes a map, or a
// struct whose first field is the action) is spliced without decoding;
// anything else is decoded and encoded again. A frame that is not a JSON
// object is returned unchanged.
func Rename(frame []byte, name string) []byte {
	quoted, err := json.Marshal(name)
	if err != nil {
		return frame
	}
	const head = `{"action":`
	if rest, ok := bytes.CutPrefix(frame, []byte(head+`"`)); ok {
		if end := bytes.IndexByte(rest, '"'); end >= 0 && bytes.IndexByte(rest[:end], '\\') < 0 {
			if string(rest[:end]) == name {
				return frame
			}
			out := make([]byte, 0, len(frame)+len(quoted))
			out = append(out, head...)
			out = append(out, quoted...)
			return append(out, rest[end+1:]...)
		}
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(frame, &fields); err != nil || fields == nil {
		return frame
	}
	fields["action"] = quoted
	out, err := json.Marshal(fields)
	if err != nil {
		return frame
	}
	return out
}
