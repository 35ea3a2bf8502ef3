// Package diff finds the changes between two versions of a contract that break
// existing clients, for REST and for the WebSocket channel, with their direction.
//
// Both contracts are bundled (tools/internal/bundle). The REST half compares the
// two OpenAPI documents with oasdiff used as a library (its diff and checker
// packages) and keeps oasdiff's rule ids and levels. The WebSocket half is this
// package's own: it pairs the AsyncAPI messages of both sides by canonical action
// and direction (x-action, x-direction) and walks their payload schemas with
// $refs resolved and cycles guarded. A client-to-server frame is judged like a
// request body (the server must still accept what old clients send), a
// server-to-client frame like a response (old clients must still understand what
// the server sends). Removing an action or one of its x-aliases is breaking.
//
// Every finding names its rule, level, direction, operation (METHOD path) or
// action, the schema file the change is in, a JSON pointer and file:line:col on
// the head side (bundle locations are mapped back to the source files of the
// head contract), and a fingerprint that stays the same when lines move. Known,
// accepted breaks are listed in a committed file (see Accepted) and stop failing
// the run until they expire.
package diff
