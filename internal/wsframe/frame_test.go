package wsframe

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/talkamie/contract/gen/wsmsg"
	"github.com/talkamie/contract/internal/envelope"
	"github.com/talkamie/contract/internal/validate"
	"github.com/talkamie/contract/internal/wsconn"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestParse(t *testing.T) {
	tests := []struct {
		name       string
		frame      string
		wantName   string
		wantAction wsmsg.Action
		wantStatus int
		wantCode   string
		wantDetail string // location of the first finding
	}{
		{name: "not json", frame: `{"action":`, wantName: NoAction, wantStatus: http.StatusBadRequest, wantCode: validate.CodeMalformed, wantDetail: "body"},
		{name: "trailing data", frame: `{"action":"ping"} {}`, wantName: NoAction, wantStatus: http.StatusBadRequest, wantCode: validate.CodeMalformed, wantDetail: "body"},
		{name: "array", frame: `[{"action":"ping"}]`, wantName: NoAction, wantStatus: http.StatusBadRequest, wantCode: validate.CodeMalformed, wantDetail: "body"},
		{name: "no action", frame: `{"token":"t"}`, wantName: NoAction, wantStatus: http.StatusBadRequest, wantCode: validate.CodeMalformed, wantDetail: "body.action"},
		{name: "action not a string", frame: `{"action":7}`, wantName: NoAction, wantStatus: http.StatusBadRequest, wantCode: validate.CodeMalformed, wantDetail: "body.action"},
		{name: "unknown action", frame: `{"action":"dance"}`, wantName: "dance", wantStatus: http.StatusBadRequest, wantCode: CodeUnknownAction, wantDetail: "body.action"},
		{name: "server-to-client action", frame: `{"action":"chat.message.new"}`, wantName: "chat.message.new", wantStatus: http.StatusBadRequest, wantCode: CodeUnknownAction, wantDetail: "body.action"},
		{name: "canonical action", frame: `{"action":"chat.message.send","chatId":"c1"}`, wantName: "chat.message.send", wantAction: wsmsg.ActionChatMessageSend},
		{name: "client alias", frame: ` {"action":"send-message","chatId":"c1"} `, wantName: "send-message", wantAction: wsmsg.ActionChatMessageSend},
		{name: "action without alias", frame: `{"action":"ping"}`, wantName: "ping", wantAction: wsmsg.ActionPing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, fail := Parse([]byte(tt.frame), "mock")
			if f.Name != tt.wantName {
				t.Errorf("name = %q, want %q", f.Name, tt.wantName)
			}
			if tt.wantCode != "" {
				if fail == nil {
					t.Fatalf("no failure, want %s", tt.wantCode)
				}
				if fail.Status != tt.wantStatus || fail.Code != tt.wantCode {
					t.Errorf("failure = %d %s, want %d %s", fail.Status, fail.Code, tt.wantStatus, tt.wantCode)
				}
				if len(fail.Details) == 0 || fail.Details[0].Location != tt.wantDetail {
					t.Errorf("details = %v, want one at %s", fail.Details, tt.wantDetail)
				}
				return
			}
			if fail != nil {
				t.Fatalf("failure %+v, want none", *fail)
			}
			if f.Action != tt.wantAction || f.Message.Action != tt.wantAction || f.Message.Direction != wsmsg.ClientToServer {
				t.Errorf("action %q, message %+v, want %q client-to-server", f.Action, f.Message, tt.wantAction)
			}
			if got := f.Fields["action"]; got != string(tt.wantAction) {
				t.Errorf(`fields["action"] = %v, want the canonical %q`, got, tt.wantAction)
			}
		})
	}
}

func TestParseUnknownActionNamesTheEndpoint(t *testing.T) {
	for _, endpoint := range []string{"server", "mock"} {
		t.Run(endpoint, func(t *testing.T) {
			_, fail := Parse([]byte(`{"action":"dance"}`), endpoint)
			want := "this action is not one the " + endpoint + " accepts"
			if fail == nil || fail.Message != want {
				t.Fatalf("failure %+v, want message %q", fail, want)
			}
		})
	}
}

func TestParseKeepsNumbers(t *testing.T) {
	f, fail := Parse([]byte(`{"action":"chat.messages.get","chatId":"c1","before":1735689600000}`), "server")
	if fail != nil {
		t.Fatalf("failure %+v", *fail)
	}
	n, ok := f.Fields["before"].(json.Number)
	if !ok || n.String() != "1735689600000" {
		t.Fatalf("before = %#v, want json.Number 1735689600000", f.Fields["before"])
	}
}

func TestSpelledCanonical(t *testing.T) {
	tests := []struct {
		frame         string
		wantCanonical bool
		wantKnown     bool
	}{
		{frame: `{"action":"send-message"}`, wantCanonical: false, wantKnown: true},
		{frame: `{"action":"chat.message.send"}`, wantCanonical: true, wantKnown: true},
		{frame: `{"action":"ping"}`, wantCanonical: false, wantKnown: false},
	}
	for _, tt := range tests {
		t.Run(tt.frame, func(t *testing.T) {
			f, fail := Parse([]byte(tt.frame), "server")
			if fail != nil {
				t.Fatalf("failure %+v", *fail)
			}
			canonical, known := f.SpelledCanonical()
			if canonical != tt.wantCanonical || known != tt.wantKnown {
				t.Errorf("SpelledCanonical() = %v, %v, want %v, %v", canonical, known, tt.wantCanonical, tt.wantKnown)
			}
		})
	}
}

func TestAuthorize(t *testing.T) {
	tests := []struct {
		name          string
		action        wsmsg.Action
		authenticated bool
		wantFail      bool
	}{
		{name: "authenticate before sign-in", action: wsmsg.ActionAuthenticate},
		{name: "authenticate again", action: wsmsg.ActionAuthenticate, authenticated: true},
		{name: "ping before sign-in", action: wsmsg.ActionPing, wantFail: true},
		{name: "ping after sign-in", action: wsmsg.ActionPing, authenticated: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fail := Frame{Action: tt.action}.Authorize(tt.authenticated)
			if (fail != nil) != tt.wantFail {
				t.Fatalf("Authorize(%v) = %+v, want failure %v", tt.authenticated, fail, tt.wantFail)
			}
			if fail != nil && (fail.Status != http.StatusUnauthorized || fail.Code != validate.CodeUnauthorized) {
				t.Errorf("failure = %d %s, want 401 %s", fail.Status, fail.Code, validate.CodeUnauthorized)
			}
		})
	}
}

func TestErrorFrame(t *testing.T) {
	tests := []struct {
		name   string
		action string
		fail   envelope.Error
	}{
		{name: "without-details", action: "ping", fail: *Fail(http.StatusUnauthorized, validate.CodeUnauthorized, "send authenticate with your token first")},
		{name: "with-details", action: "send-message", fail: *Fail(http.StatusUnprocessableEntity, validate.CodeInvalid, "the frame does not match chat.message.send",
			validate.Finding{Location: "body.chatId", Code: "required", Message: "is required"},
			validate.Finding{Location: "body.text", Code: "max-length", Message: "is too long"})},
		{name: "no-action", action: NoAction, fail: *Fail(http.StatusBadRequest, validate.CodeMalformed, "the frame is not valid JSON", validate.MalformedJSON([]byte(`{`)))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden(t, filepath.Join("testdata", "error-frame", tt.name+".json"), ErrorFrame(tt.action, tt.fail))
		})
	}
}

func TestAnswer(t *testing.T) {
	tests := []struct {
		name      string
		user      string
		reply     []byte
		fail      *envelope.Error
		wantFrame string // "" when nothing is sent
		wantAttrs string
	}{
		{name: "reply", user: "u1", reply: []byte(`{"action":"ping","success":true}`),
			wantFrame: `{"action":"ping","success":true}`, wantAttrs: "action=ping user=u1 outcome=replied"},
		{name: "no reply", reply: nil, wantAttrs: "action=ping"},
		{name: "failure", fail: Fail(http.StatusUnauthorized, validate.CodeUnauthorized, "send authenticate with your token first"),
			wantFrame: `{"action":"ping","error":"unauthorized","message":"send authenticate with your token first","statusCode":401,"success":false}`,
			wantAttrs: "action=ping error=unauthorized status=401"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			attrs := make(chan string, 1)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				c, err := wsconn.Accept(w, r, wsconn.Config{})
				if err != nil {
					t.Errorf("accept: %v", err)
					return
				}
				c.Serve(r.Context(), func(_ context.Context, c *wsconn.Conn, _ []byte) []slog.Attr {
					as := Answer(c, "ping", tt.user, tt.reply, tt.fail)
					parts := make([]string, len(as))
					for i, a := range as {
						parts[i] = a.String()
					}
					attrs <- strings.Join(parts, " ")
					return as
				})
			}))
			defer srv.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), nil)
			if err != nil {
				t.Fatalf("dial: %v", err)
			}
			defer ws.CloseNow()
			if err := ws.Write(ctx, websocket.MessageText, []byte(`{"action":"ping"}`)); err != nil {
				t.Fatalf("write: %v", err)
			}
			if got := <-attrs; got != tt.wantAttrs {
				t.Errorf("attrs = %q, want %q", got, tt.wantAttrs)
			}
			if tt.wantFrame == "" {
				// Nothing was queued: a read times out.
				rctx, rcancel := context.WithTimeout(ctx, 100*time.Millisecond)
				defer rcancel()
				if _, data, err := ws.Read(rctx); err == nil {
					t.Errorf("got frame %s, want none", data)
				}
				return
			}
			_, data, err := ws.Read(ctx)
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if string(data) != tt.wantFrame {
				t.Errorf("frame = %s, want %s", data, tt.wantFrame)
			}
		})
	}
}

// golden compares got with the file at p, or rewrites it under -update.
func golden(t *testing.T, p string, got []byte) {
	t.Helper()
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, got, "", "  "); err != nil {
		t.Fatalf("not JSON: %s", got)
	}
	pretty.WriteByte('\n')
	if *update {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(want, pretty.Bytes()) {
		t.Errorf("%s differs:\ngot:\n%s\nwant:\n%s", p, pretty.Bytes(), want)
	}
}
