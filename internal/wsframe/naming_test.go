package wsframe

import (
	"encoding/json"
	"testing"

	"github.com/talkamie/contract/gen/wsmsg"
)

func TestRename(t *testing.T) {
	tests := []struct {
		name  string
		frame string
		to    string
		want  string
	}{
		{name: "splice", frame: `{"action":"alert.new","success":true}`, to: "alert", want: `{"action":"alert","success":true}`},
		{name: "same name is the frame itself", frame: `{"action":"alert","success":true}`, to: "alert", want: `{"action":"alert","success":true}`},
		{name: "action not first", frame: `{"success":true,"action":"alert.new"}`, to: "alert", want: `{"action":"alert","success":true}`},
		{name: "no action", frame: `{"success":true}`, to: "alert", want: `{"action":"alert","success":true}`},
		{name: "escaped action", frame: `{"action":"al\u0065rt","success":true}`, to: "alert.new", want: `{"action":"alert.new","success":true}`},
		{name: "not an object", frame: `[1]`, to: "alert", want: `[1]`},
		{name: "not json", frame: `{"action":`, to: "alert", want: `{"action":`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(Rename([]byte(tt.frame), tt.to)); got != tt.want {
				t.Errorf("Rename(%s, %q) = %s, want %s", tt.frame, tt.to, got, tt.want)
			}
		})
	}
}

func TestOutgoing(t *testing.T) {
	tests := []struct {
		name          string
		action        wsmsg.Action
		frame         string
		wantCanonical string
		wantAlias     string
	}{
		{name: "alias in, both out", action: wsmsg.ActionAlertNew, frame: `{"action":"alert","success":true}`,
			wantCanonical: `{"action":"alert.new","success":true}`, wantAlias: `{"action":"alert","success":true}`},
		{name: "the action given wins", action: wsmsg.ActionCallEnded, frame: `{"action":"whatever","success":true}`,
			wantCanonical: `{"action":"call.ended","success":true}`, wantAlias: `{"action":"call-ended","success":true}`},
		{name: "no alias: one spelling", action: wsmsg.ActionPing, frame: `{"success":true,"action":"ping"}`,
			wantCanonical: `{"action":"ping","success":true}`, wantAlias: `{"action":"ping","success":true}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := NewOutgoing(tt.action, []byte(tt.frame))
			var canonical, alias Naming
			canonical.SetCanonical(true)
			if got := string(o.For(&canonical)); got != tt.wantCanonical {
				t.Errorf("For(canonical) = %s, want %s", got, tt.wantCanonical)
			}
			if got := string(o.Canonical()); got != tt.wantCanonical {
				t.Errorf("Canonical() = %s, want %s", got, tt.wantCanonical)
			}
			if got := string(o.For(&alias)); got != tt.wantAlias {
				t.Errorf("For(alias) = %s, want %s", got, tt.wantAlias)
			}
			var v map[string]any
			if err := json.Unmarshal(o.Named("x-y"), &v); err != nil || v["action"] != "x-y" {
				t.Errorf("Named(x-y) = %s, want the frame with action x-y", o.Named("x-y"))
			}
		})
	}
}

func TestNamingNote(t *testing.T) {
	frame := func(name string) Frame {
		f, bad := Parse([]byte(`{"action":"`+name+`"}`), "test")
		if bad != nil {
			t.Fatalf("Parse(%s): %v", name, bad.Message)
		}
		return f
	}
	tests := []struct {
		name   string
		start  bool
		frames []string
		want   bool
	}{
		{name: "zero value uses aliases", want: false},
		{name: "canonical name shows canonical naming", frames: []string{"chat.message.send"}, want: true},
		{name: "alias shows client naming", start: true, frames: []string{"send-message"}, want: false},
		{name: "action without alias tells nothing", start: true, frames: []string{"ping"}, want: true},
		{name: "the last frame with an alias wins", frames: []string{"send-message", "chat.message.send", "ping"}, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n Naming
			n.SetCanonical(tt.start)
			for _, name := range tt.frames {
				n.Note(frame(name))
			}
			if got := n.Canonical(); got != tt.want {
				t.Errorf("Canonical() = %v, want %v", got, tt.want)
			}
		})
	}
}
