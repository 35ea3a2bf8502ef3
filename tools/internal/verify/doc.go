// Package verify checks that a running implementation honours a contract: the
// conformance half of `contract verify`.
//
// Run reads a bundled contract (an OpenAPI 3.0 document and, optionally, its
// AsyncAPI 3.0 document) and exercises a live target with it:
//
//   - REST: every operation is called with each documented request example
//     (path and query parameters from their examples, the body from each
//     request-body example). The answer's status must be documented for the
//     operation and its body must validate against the documented schema. Three
//     negative checks follow per operation, each of which must be answered with a
//     documented 4xx error envelope, never a 2xx or a 5xx: the first body example
//     without a required field, the same example with a field of the wrong type,
//     and, on a secured operation, the request without credentials.
//   - WebSocket: the channel is opened, authenticated with the token, and every
//     client message's examples are sent. A message whose AsyncAPI operation
//     declares a reply must be answered with it within the reply timeout. Every
//     frame received is validated against its message schema (aliases are
//     rewritten to canonical action names first); undocumented and invalid frames
//     are violations.
//
// Requests carry every required parameter and the optional query parameters
// that have an example; optional headers are left out. Operations run reads
// first, then writes, then deletes, so a run against a live server disturbs
// later checks as little as possible. A 5xx answer other than 501 always fails
// the check, documented or not, and a 400, 413, 415 or 422 answer to a
// documented example fails it too (rejected-example): the contract says the
// example is valid. Other 4xx answers to examples pass, with a note, since they
// may depend on the target's data.
//
// A 501 answer is neither a pass nor a contract failure: the check is reported
// as unimplemented and counted apart in the coverage. Every violation has a
// stable check id (rest:signIn:example:password) and a fingerprint, so known
// failures can be accepted in an allow file (see Baseline).
//
// Bearer tokens come from Options.Token or, when the contract declares one, from
// signing in with its documented example. The OpenAPI root extension is
//
//	x-verify:
//	  signIn:
//	    operationId: signIn          # the operation that returns a token
//	    example: password            # its request-body example (default: the first)
//	    token: /data/tokens/access   # JSON pointer to the token in the 2xx body
//	  last: [signOut]                # operations to run after every other check, WebSocket included
//
// and the AsyncAPI root extension names the authentication frame:
//
//	x-verify:
//	  authenticate:
//	    message: WsAuthenticate      # the client message that authenticates
//	    tokenField: token            # its field that carries the token
//	    successField: success        # the reply's boolean that says it worked (default success)
//
// Without the AsyncAPI extension the first client message whose example has a
// "token" field authenticates the socket, and the reply's "success" says whether
// it worked.
//
// The report lists every check, a result per operation and per WebSocket action
// (pass, fail, unimplemented, skipped) and the coverage of operations and
// documented statuses; WriteText, WriteJSON and WriteJUnit print it.
package verify
