// Package gen holds everything generated from the contract; nothing in it is
// edited by hand except this file.
//
// `contract bundle` (run by `make gen`) writes the two self-contained documents
// and embeds them:
//
//   - openapi.yaml: the REST API as one OpenAPI 3.0.3 file, every schema under
//     components/schemas (the WebSocket frame schemas too), exposed as [OpenAPI].
//   - asyncapi.yaml: the WebSocket channel as one AsyncAPI 3.0 file with the
//     schemas its messages use, exposed as [AsyncAPI].
//   - embed.gen.go: the //go:embed declarations and [Hash], which identifies the
//     contract sources (schemas/ and spec/) the bundle was made from.
//
// The generated Go packages live in subpackages, each produced from
// openapi.yaml by `go generate ./gen/...`:
//
//   - gen/models: the Go types of every schema component.
//   - gen/restapi: the strict Echo server interface, one method per operation.
//   - gen/restclient: the low-level REST client.
//   - gen/wsmsg: the WebSocket frame types and the action names with their aliases.
//
// CI runs `make check-gen`, which fails when the committed files differ from
// what the contract generates: change schemas/ or spec/, then run `make gen`.
package gen
