// Package server turns an implementation of the generated REST interface
// (restapi.StrictServerInterface) into a ready Echo server for the Talkamie API,
// and serves the WebSocket channel next to it.
//
// New registers every operation of the contract under /v1 and wraps each one
// with what the contract promises to clients:
//
//   - request validation against the bundled OpenAPI document (kin-openapi),
//     including the web client's quirks (empty query values are absent,
//     "Bearer undefined" is no token);
//   - bearer authentication through an [Authenticator]; operations with
//     "security: []" skip it (a valid token still yields a principal);
//   - the contract's error envelope for every failure, with validation details
//     as a list of {location, code, message};
//   - optional response validation, to catch an implementation that breaks the
//     contract (on in tests and development);
//   - panic recovery, a body size limit, request ids and structured logs;
//   - with [WithCORS], cross-origin access for the browser origins it lists
//     (credentials allowed, preflights answered before authentication); off
//     by default.
//
// Embed [Unimplemented] to build the API one operation at a time: operations not
// written yet answer 501 in the envelope. With [WithWebSocket], New also serves
// /ws: the same authentication (the first frame is "authenticate"), every
// client frame validated against its message schema, aliases accepted and
// answered in the naming the connection uses, and a [Hub] to push frames to a
// user's connections.
//
// [ListenAndServe] runs the result with production timeouts and graceful
// shutdown.
package server
