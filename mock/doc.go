// Package mock serves any bundled OpenAPI 3.0 contract as a validating mock
// server: an http.Handler usable in tests and behind the `contract mock` CLI.
//
// New loads the document with kin-openapi, checks it, and validates every
// documented request and response example against its schema; an invalid
// example makes New fail with an error naming the operation, status, example
// and JSON pointer. Responses built from examples are encoded and validated
// once, at start-up, and then served from memory.
//
// Each request is routed with the mock's own path trie (under the base path of
// the document's first server, "/v1" for Talkamie), validated with
// internal/validate (security, path, query, headers, body, with the real web
// client's quirks), and answered from the documented examples, chosen the way
// Stoplight Prism does:
//
//	Prefer: code=404                    the response with that status (its first example)
//	Prefer: example=margaret            the named example (from any response)
//	Prefer: dynamic=true                data generated from the schema (deterministic for a seed)
//	Prefer: delay=200                   wait 200 ms before answering
//	?__code=404&__example=x&__dynamic=true&__delay=200   the same as query parameters (stripped before validation)
//
// Without preferences the answer is the lowest 2xx response and its first
// example. Errors (400, 401, 404, 405, 413, 415, 422) are rendered in the
// contract's x-error-envelope shape by internal/envelope.
//
// Around the API the mock serves /docs (Swagger UI, embedded), /docs/ws (every
// WebSocket action of the AsyncAPI document), /openapi.yaml, /asyncapi.yaml and
// /healthz, and answers CORS preflights on every path the way the browser
// client needs.
//
// The answers come from a Responder; the default one replays examples, and a
// stateful world can replace it with WithResponder.
package mock
