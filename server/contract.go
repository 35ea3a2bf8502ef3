package server

import (
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"

	"github.com/talkamie/contract/gen"
	"github.com/talkamie/contract/internal/envelope"
)

// contract is what New derives from the embedded bundle alone: the parsed
// document, its error envelope and one route per operation. It is built once
// per process and shared by every server, so it must only ever be read:
// kin-openapi's request and schema validation and the envelope's Render only
// read the document (TestContractIsReadOnly checks it under traffic).
type contract struct {
	doc *openapi3.T
	env *envelope.Envelope
	// routes holds one route per operation, keyed by operationId.
	routes map[string]*routers.Route
}

// loadContract parses the embedded bundle the first time it is called and
// returns the same result afterwards. Parsing costs about 0.15 s (over 1 s
// under -race), which every New used to pay.
var loadContract = sync.OnceValues(func() (*contract, error) {
	return parseContract(gen.OpenAPI)
})

// parseContract parses an OpenAPI bundle into a contract.
func parseContract(data []byte) (*contract, error) {
	// The bundle, not restapi.GetSwagger(): the generated copy renames
	// operationIds, and the routes are keyed by the contract's own ids.
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("load the embedded contract: %w", err)
	}
	env, err := envelope.FromDocument(doc)
	if err != nil {
		return nil, err
	}
	routes := map[string]*routers.Route{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			routes[op.OperationID] = &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: op}
		}
	}
	return &contract{doc: doc, env: env, routes: routes}, nil
}
