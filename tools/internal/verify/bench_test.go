package verify

import (
	"context"
	"testing"
)

// BenchmarkRunMock measures a whole REST and WebSocket run against the mock.
func BenchmarkRunMock(b *testing.B) {
	spec := talkamie()
	srv := serve(b, newMock(b, spec), replayWS(b, spec.AsyncAPI, wsBehavior{token: margaret}))
	opts := Options{Target: srv.URL, WebSocket: wsURL(srv, "/ws"), Token: margaret}
	for b.Loop() {
		if _, err := Run(context.Background(), spec, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoad measures reading the contract: the OpenAPI and AsyncAPI documents.
func BenchmarkLoad(b *testing.B) {
	spec := talkamie()
	for b.Loop() {
		if _, err := loadREST(spec.OpenAPI); err != nil {
			b.Fatal(err)
		}
		if _, err := loadAsyncAPI(spec.AsyncAPI); err != nil {
			b.Fatal(err)
		}
	}
}
