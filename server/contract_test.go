package server_test

import (
	"bytes"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/talkamie/contract/server"
)

// TestContractIsReadOnly serves every kind of answer (successes, validation
// failures, response validation, panics) from several servers at once: they
// share one parsed contract, so the race detector flags any write to it made
// while another request reads it, and the document must marshal the same
// afterwards.
func TestContractIsReadOnly(t *testing.T) {
	before, err := server.ContractSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	checked, _ := newServer(t)
	unchecked, _ := newServer(t, server.WithResponseValidation(false))
	servers := []struct {
		name      string
		e         http.Handler
		responses bool
	}{
		{"responses-checked", checked, true},
		{"responses-unchecked", unchecked, false},
	}
	const rounds = 3
	var wg sync.WaitGroup
	errs := make(chan error, 2*rounds*len(restCases())*len(servers))
	for round := range rounds {
		for _, s := range servers {
			for _, tc := range restCases() {
				wg.Go(func() {
					w := do(s.e, tc.method, tc.target, tc.body, tc.headers)
					want := tc.status
					if !s.responses && tc.golden == "invalid-response.json" {
						want = http.StatusOK
					}
					if w.Code != want {
						errs <- fmt.Errorf("round %d, %s, %s: status %d, want %d", round, s.name, tc.name, w.Code, want)
					}
				})
			}
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	after, err := server.ContractSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Fatal("serving requests changed the shared contract")
	}
}
