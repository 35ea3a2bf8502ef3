// Package world is the living Talkamie mock: an in-memory world seeded from
// the contract's documented examples that reacts to what clients do.
//
// New wraps a validating mock (mock.Mock) and serves, on one http.Handler:
//
//   - the REST API, answered from the world: sign-up creates a user whose
//     tokens then authenticate, writes change what later reads return, lists
//     page with pageSize + lastEvaluatedKey. Operations the world does not
//     model (FAQs, interests, signed URLs, OTP, ...) and requests with a
//     Prefer code/example/dynamic replay the documented examples. Every
//     response is validated against the contract before it is sent.
//   - the WebSocket channel (GET /ws by default) of spec/asyncapi.yaml, on
//     internal/wsconn: authenticate first, then ping, chat, support, alert and
//     call actions, each client frame validated against its message schema,
//     answered in the naming (canonical or the web client's aliases) the
//     connection uses; pushes follow actions and REST writes.
//   - a checkout page for the top-up flow (the session URL points at it), the
//     return pages /checkout/success and /checkout/cancel when the web origin
//     is the mock itself, and the control endpoints POST /__mock/reset,
//     GET /__mock/state and POST /__mock/emit.
//
// The world is one value guarded by one mutex; each token maps to one user,
// so two clients signed in as two users see each other's actions.
package world
