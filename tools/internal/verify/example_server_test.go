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
	// The contract's x-verify runs signOut last: signing out ends the session every
	// other check uses.
	spec := talkamie()
	rep := run(t, spec, Options{Target: srv.URL, WebSocket: wsURL(srv, "/ws"), Token: margaret,
		ReplyTimeout: time.Second})
	got := text(t, rep, srv)
	if rep.Failed() {
		t.Errorf("verify fails against server/example:\n%s", got)
	}
	// updateUser and withdrawCoins answer their documented examples with the documented
	// 403: Margaret may not edit Daniel (the UserId example) nor withdraw as a senior.
	implemented := []string{"signUp", "signIn", "getUserByToken", "signOut", "listUsers", "getUser",
		"updateUser", "listChats", "getChat", "listTransactions", "listPurchaseTransactions",
		"listEarningTransactions", "listWithdrawalTransactions", "getTransaction", "createTopUpSession",
		"withdrawCoins"}
	for _, name := range implemented {
		if u := unit(t, rep.REST, name); u.Result != Pass {
			t.Errorf("%s: %s, want pass", name, u.Result)
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
	for _, name := range []string{"call.start", "call.connected", "call.disconnected"} {
		if u := unit(t, rep.WS, name); u.Result != Unimplemented {
			t.Errorf("%s: %s, want unimplemented", name, u.Result)
		}
	}
	golden(t, "example.golden.txt", got)
}
