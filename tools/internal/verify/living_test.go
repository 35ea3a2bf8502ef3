package verify

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/talkamie/contract/mock"
	"github.com/talkamie/contract/mock/world"
)

// TestLivingMockPasses runs every check, REST and WebSocket, against the stateful
// mock (the default of `contract mock`), signing in through the contract's x-verify.
func TestLivingMockPasses(t *testing.T) {
	spec := talkamie()
	w, err := world.New(mock.Spec{OpenAPI: spec.OpenAPI, AsyncAPI: spec.AsyncAPI})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w)
	t.Cleanup(func() {
		w.Close()
		srv.Close()
	})
	rep := run(t, spec, Options{Target: srv.URL, WebSocket: wsURL(srv, "/ws"), ReplyTimeout: 2 * time.Second})
	if rep.Failed() {
		t.Fatalf("verify fails against the living mock:\n%s", text(t, rep, srv))
	}
	if cv := rep.Coverage; cv.Implemented != cv.Operations {
		t.Errorf("coverage %+v: the living mock implements every operation", cv)
	}
	for _, u := range rep.WS {
		if u.Result != Pass {
			t.Errorf("%s: %s, want pass", u.Name, u.Result)
		}
	}
}
