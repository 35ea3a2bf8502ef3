package main

import (
	"fmt"
	"log/slog"
	"net/http"

	"github.com/talkamie/contract/gen"
	"github.com/talkamie/contract/mock"
	"github.com/talkamie/contract/mock/world"
)

// mockServer is what contract mock serves: the replaying mock, or the living
// world around it (--stateful).
type mockServer struct {
	http.Handler
	mock  *mock.Mock
	world *world.World // nil when stateless
}

// close ends the world's WebSocket connections.
func (s *mockServer) close() {
	if s.world != nil {
		s.world.Close()
	}
}

// worldFlags are contract mock's options of the living mock.
type worldFlags struct {
	stateful, stateless bool
	webOrigin, wsPath   string
}

// enabled decides whether to serve the living world: --stateful or
// --stateless when given, else stateful for the embedded Talkamie contract
// and stateless for --dir (the world models Talkamie's operations).
func (f worldFlags) enabled(dir string) (bool, error) {
	switch {
	case f.stateful && f.stateless:
		return false, fmt.Errorf("mock: --stateful and --stateless exclude each other")
	case f.stateful:
		return true, nil
	case f.stateless:
		return false, nil
	}
	return dir == "", nil
}

// newMockServer builds the server for a contract; the world logs its
// WebSocket frames and events to logger.
func newMockServer(spec mock.Spec, stateful bool, f worldFlags, opts []mock.Option, logger *slog.Logger) (*mockServer, error) {
	if !stateful {
		m, err := mock.New(spec, opts...)
		if err != nil {
			return nil, err
		}
		return &mockServer{Handler: m, mock: m}, nil
	}
	wopts := []world.Option{world.WithMockOptions(opts...), world.WithWebSocketPath(f.wsPath), world.WithLogger(logger)}
	if f.webOrigin != "" {
		wopts = append(wopts, world.WithWebOrigin(f.webOrigin))
	}
	w, err := world.New(spec, wopts...)
	if err != nil {
		return nil, err
	}
	return &mockServer{Handler: w, mock: w.Mock(), world: w}, nil
}

// embeddedSpec is the embedded Talkamie contract.
func embeddedSpec() mock.Spec { return mock.Spec{OpenAPI: gen.OpenAPI, AsyncAPI: gen.AsyncAPI} }
