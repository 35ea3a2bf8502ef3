package verify

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// breakage makes the mock or the socket misbehave in one way.
type breakage struct {
	rest func(t testing.TB, r *http.Request, status int, body []byte) (int, []byte)
	ws   wsBehavior
}

// brokenServer serves the Talkamie mock and a replaying socket, broken as b says.
func brokenServer(t *testing.T, m http.Handler, bs ...breakage) (Spec, Options, func(*Report) string) {
	t.Helper()
	spec := talkamie()
	ws := wsBehavior{token: margaret, noReply: map[string]bool{}}
	var edits []func(string, map[string]any)
	for _, b := range bs {
		for k, v := range b.ws.noReply {
			ws.noReply[k] = v
		}
		if b.ws.editReply != nil {
			edits = append(edits, b.ws.editReply)
		}
		ws.pushes = append(ws.pushes, b.ws.pushes...)
	}
	ws.editReply = func(action string, frame map[string]any) {
		for _, e := range edits {
			e(action, frame)
		}
	}
	rest := rewrite(m, func(r *http.Request, status int, body []byte) (int, []byte) {
		for _, b := range bs {
			if b.rest != nil {
				status, body = b.rest(t, r, status, body)
			}
		}
		return status, body
	})
	srv := serve(t, rest, replayWS(t, spec.AsyncAPI, ws))
	opts := Options{Target: srv.URL, WebSocket: wsURL(srv, "/ws"), Token: margaret, ReplyTimeout: 300 * time.Millisecond}
	return spec, opts, func(rep *Report) string { return text(t, rep, srv) }
}

var (
	// wrongFieldType answers GET /auth with a number as the user's id.
	wrongFieldType = breakage{rest: func(t testing.TB, r *http.Request, status int, body []byte) (int, []byte) {
		if r.Method == http.MethodGet && r.URL.Path == "/v1/auth" && status == http.StatusOK {
			return status, setJSON(t, body, "data.user.id", 42)
		}
		return status, body
	}}
	// undocumentedStatus answers GET /faqs with 418.
	undocumentedStatus = breakage{rest: func(t testing.TB, r *http.Request, status int, body []byte) (int, []byte) {
		if r.Method == http.MethodGet && r.URL.Path == "/v1/faqs" {
			return http.StatusTeapot, body
		}
		return status, body
	}}
	// missingReply never answers call.start.
	missingReply = breakage{ws: wsBehavior{noReply: map[string]bool{"call.start": true}}}
)

func TestBrokenServer(t *testing.T) {
	tests := []struct {
		name   string
		break_ breakage
		// failing lists the checks that must fail; the first one's first violation
		// has the code, location and message.
		failing                 []string
		code, location, message string
	}{
		{
			name: "wrong field type", break_: wrongFieldType,
			failing: []string{"rest:getUserByToken:example"}, code: "invalid-body", location: "body.data.user.id",
			message: "must be a string (type)",
		},
		{
			name: "undocumented status", break_: undocumentedStatus,
			failing: []string{"rest:listFaqs:example", "rest:listFaqs:missing-bearer"}, code: "undocumented-status", location: "status",
			message: "answered 418, which listFaqs does not document (documented: 200, 400, 401, 422)",
		},
		{
			name: "missing action reply", break_: missingReply,
			failing: []string{"ws:call.start:example:audio", "ws:call.start:example:video"}, code: "missing-reply",
			message: "no call.start reply (WsCallStartReply) within 300ms",
		},
		{
			name: "invalid request accepted",
			break_: breakage{rest: func(t testing.TB, r *http.Request, status int, body []byte) (int, []byte) {
				if r.URL.Path == "/v1/otp" && status == http.StatusUnprocessableEntity {
					return http.StatusOK, []byte(`{"success":true}`)
				}
				return status, body
			}},
			failing: []string{"rest:generateOtp:missing-field:email", "rest:generateOtp:wrong-type:email"}, code: "accepted-invalid-request", location: "status",
			message: `answered 200 to a request with required field "email"; want a documented 4xx error`,
		},
		{
			name: "server error without a bearer",
			break_: breakage{rest: func(t testing.TB, r *http.Request, status int, body []byte) (int, []byte) {
				if r.URL.Path == "/v1/schedule/sch_0001" && r.Header.Get("Authorization") == "" {
					return http.StatusInternalServerError, []byte(`{"success":false,"error":"internal-error","message":"nil token"}`)
				}
				return status, body
			}},
			failing: []string{"rest:getSchedule:missing-bearer", "rest:updateSchedule:missing-bearer", "rest:deleteSchedule:missing-bearer"}, code: "server-error", location: "status",
			message: "answered 500 Internal Server Error (internal-error)",
		},
		{
			name: "reply breaks its schema",
			break_: breakage{ws: wsBehavior{editReply: func(action string, frame map[string]any) {
				if action == "call.start" {
					frame["data"].(map[string]any)["call"].(map[string]any)["status"] = "busy"
				}
			}}},
			failing: []string{"ws:call.start:example:audio", "ws:call.start:example:video"}, code: "invalid-frame", location: "frame.data.call.status",
			message: "the call.start reply does not match WsCallStartReply: value must be one of 'ringing', 'missed', 'accepted', 'rejected', 'ended' (enum)",
		},
		{
			name:    "invalid push",
			break_:  breakage{ws: wsBehavior{pushes: []string{`{"action":"alert","success":true,"data":{"alert":{"id":5}}}`}}},
			failing: []string{"ws:alert.new:frames"}, code: "invalid-frame", location: "frame.data.alert",
			message: "a alert.new frame does not match WsAlertNew: must match exactly one of the allowed shapes (one-of)",
		},
		{
			name:    "undocumented frame",
			break_:  breakage{ws: wsBehavior{pushes: []string{`{"action":"party","success":true}`}}},
			failing: []string{"ws:(undocumented):frames"}, code: "undocumented-frame", location: "frame.action",
			message: `a frame with action "party" arrived; the AsyncAPI document has no such action`,
		},
	}
	m := newMock(t, talkamie())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec, opts, show := brokenServer(t, m, tt.break_)
			rep := run(t, spec, opts)
			if !rep.Failed() {
				t.Fatalf("verify passes against a broken server:\n%s", show(rep))
			}
			var failing []string
			for _, c := range rep.Checks {
				if c.Result == Fail {
					failing = append(failing, c.ID)
				}
			}
			if !slices.Equal(failing, tt.failing) {
				t.Fatalf("failing checks %v, want %v:\n%s", failing, tt.failing, show(rep))
			}
			v := check(t, rep, tt.failing[0]).Violations[0]
			if v.Code != tt.code || v.Location != tt.location || v.Message != tt.message {
				t.Errorf("violation\n got %s at %q: %s\nwant %s at %q: %s", v.Code, v.Location, v.Message, tt.code, tt.location, tt.message)
			}
			if len(v.Fingerprint) != 16 {
				t.Errorf("fingerprint %q, want 16 hex digits", v.Fingerprint)
			}
		})
	}
}

func TestBrokenServerReport(t *testing.T) {
	spec, opts, show := brokenServer(t, newMock(t, talkamie()), wrongFieldType, undocumentedStatus, missingReply)
	rep := run(t, spec, opts)
	golden(t, "broken.golden.txt", show(rep))

	var js struct {
		Result Result         `json:"result"`
		Counts map[Result]int `json:"counts"`
		Checks []Check        `json:"checks"`
	}
	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(buf.Bytes(), &js); err != nil {
		t.Fatal(err)
	}
	if js.Result != Fail || js.Counts[Fail] != 5 || len(js.Checks) != len(rep.Checks) {
		t.Errorf("json: result %s, %d failures, %d checks; want fail, 5, %d", js.Result, js.Counts[Fail], len(js.Checks), len(rep.Checks))
	}

	buf.Reset()
	if err := rep.WriteJUnit(&buf); err != nil {
		t.Fatal(err)
	}
	var ju junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &ju); err != nil {
		t.Fatal(err)
	}
	var failed []string
	for _, s := range ju.Suites {
		for _, c := range s.Cases {
			if c.Failure != nil {
				failed = append(failed, s.Name+" "+c.Name+": "+c.Failure.Message)
			}
		}
	}
	want := []string{
		"rest getUserByToken rest:getUserByToken:example: invalid-body at body.data.user.id: must be a string (type)",
		"rest listFaqs rest:listFaqs:example: undocumented-status at status: answered 418, which listFaqs does not document (documented: 200, 400, 401, 422)",
		"rest listFaqs rest:listFaqs:missing-bearer: undocumented-status at status: answered 418, which listFaqs does not document (documented: 200, 400, 401, 422)",
		"ws call.start ws:call.start:example:audio: missing-reply: no call.start reply (WsCallStartReply) within 300ms",
		"ws call.start ws:call.start:example:video: missing-reply: no call.start reply (WsCallStartReply) within 300ms",
	}
	if !slices.Equal(failed, want) || ju.Failures != 5 || ju.Tests != len(rep.Checks) {
		t.Errorf("junit: %d tests, %d failures:\n%s", ju.Tests, ju.Failures, strings.Join(failed, "\n"))
	}
}

func TestUnimplemented(t *testing.T) {
	spec := talkamie()
	unimplemented := map[string]bool{"/v1/calls/histories": true, "/v1/finance/withdraw": true}
	rest := rewrite(newMock(t, spec), func(r *http.Request, status int, body []byte) (int, []byte) {
		if unimplemented[r.URL.Path] && status < 400 {
			return http.StatusNotImplemented, []byte(`{"success":false,"error":"not-implemented","message":"not implemented yet"}`)
		}
		return status, body
	})
	srv := serve(t, rest, nil)
	rep := run(t, spec, Options{Target: srv.URL, Token: margaret})
	if rep.Failed() {
		t.Fatalf("501 answers fail the run:\n%s", text(t, rep, srv))
	}
	for _, name := range []string{"listCallHistories", "withdrawCoins"} {
		if u := unit(t, rep.REST, name); u.Result != Unimplemented {
			t.Errorf("%s: %s, want unimplemented", name, u.Result)
		}
	}
	if c := check(t, rep, "rest:withdrawCoins:missing-field:coins"); c.Result != Pass || c.Status != http.StatusUnprocessableEntity {
		t.Errorf("a negative check the validator answers: %s %d, want pass 422", c.Result, c.Status)
	}
	if cv := rep.Coverage; cv.Unimplemented != 2 || cv.Implemented != cv.Operations-2 {
		t.Errorf("coverage %+v: want 2 operations unimplemented, the others implemented", cv)
	}
	var unimpl []string
	for _, c := range rep.Checks {
		if c.Result == Unimplemented {
			unimpl = append(unimpl, c.ID)
		}
	}
	if want := []string{"rest:listCallHistories:example", "rest:withdrawCoins:example:daniel", "rest:withdrawCoins:example:retry"}; !slices.Equal(unimpl, want) {
		t.Errorf("unimplemented checks %v, want %v", unimpl, want)
	}
	if got := text(t, rep, srv); !strings.Contains(got, "  unimplemented GET    /calls/histories") {
		t.Errorf("the summary does not list GET /calls/histories as unimplemented:\n%s", got)
	}
}
