package verify

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/talkamie/contract/server"
	"github.com/talkamie/contract/server/example"
)

func TestExampleServer(t *testing.T) {
	hub := server.NewHub()
	api := example.New(hub)
	e, err := server.New(api,
		server.WithAuthenticator(api),
		server.WithWebSocket(api.Handler(), server.WebSocketConfig{}),
		server.WithHub(hub),
		server.WithResponseValidation(true))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	// Signing out ends the session every other check uses, so it runs last.
	spec := talkamie()
	spec.OpenAPI = append(append([]byte{}, spec.OpenAPI...), "x-verify:\n  last: [signOut]\n"...)
	// Known differences between server/example and the contract, reported to
	// their owners: the contract documents no 403 (Margaret may not edit Daniel,
	// whose id the UserId parameter's example is, nor withdraw as a senior),
	// and the server cannot bind the epoch-millisecond timestamps of
	// call.connected and call.disconnected.
	baseline, err := ParseBaseline([]byte(`allow:
  - check: "rest:updateUser:example:*"
    reason: server/example answers 403 to another user's profile; the contract documents no 403
  - check: "rest:withdrawCoins:example:*"
    reason: server/example answers 403 to a senior's withdrawal; the contract documents no 403
  - check: "ws:call.*connected:example:*"
    reason: the server cannot bind epoch-millisecond timestamps yet
`))
	if err != nil {
		t.Fatal(err)
	}
	rep := run(t, spec, Options{Target: srv.URL, WebSocket: wsURL(srv, "/ws"), Token: margaret,
		ReplyTimeout: time.Second, Baseline: baseline})
	got := text(t, rep, srv)
	if rep.Failed() {
		t.Errorf("verify fails against server/example:\n%s", got)
	}
	implemented := []string{"signUp", "signIn", "getUserByToken", "signOut", "listUsers", "getUser",
		"listChats", "getChat", "listTransactions", "listPurchaseTransactions", "listEarningTransactions",
		"listWithdrawalTransactions", "getTransaction", "createTopUpSession"}
	for _, name := range implemented {
		if u := unit(t, rep.REST, name); u.Result != Pass {
			t.Errorf("%s: %s, want pass", name, u.Result)
		}
	}
	for _, name := range []string{"updateUser", "withdrawCoins"} {
		if u := unit(t, rep.REST, name); u.Result != Allowed {
			t.Errorf("%s: %s, want allowed", name, u.Result)
		}
	}
	if cv := rep.Coverage; cv.Implemented != 16 || cv.Unimplemented != cv.Operations-16 {
		t.Errorf("coverage %+v: want the 16 operations of the slice implemented, the others unimplemented", cv)
	}
	for _, name := range []string{"listAlerts", "getSchedule", "listFaqs"} {
		if u := unit(t, rep.REST, name); u.Result != Unimplemented {
			t.Errorf("%s: %s, want unimplemented", name, u.Result)
		}
	}
	for _, name := range []string{"authenticate", "chat.message.send"} {
		if u := unit(t, rep.WS, name); u.Result != Pass {
			t.Errorf("%s: %s, want pass", name, u.Result)
		}
	}
	if u := unit(t, rep.WS, "call.start"); u.Result != Unimplemented {
		t.Errorf("call.start: %s, want unimplemented", u.Result)
	}
	golden(t, "example.golden.txt", got)
}
