// Package wsframe holds what every endpoint of the contract's WebSocket channel
// does with a frame, whatever answers it: it decodes a client frame (numbers
// stay json.Number), checks that it is an object with an action the contract
// accepts from clients, maps a client alias to its canonical action, refuses
// frames before authentication, tracks which naming each connection uses
// (Naming), holds a server frame in both namings (Outgoing), and renders
// failures as the contract's error frame.
//
// The generated server (server/) and the living mock (mock/world) both build on
// it, so a bad frame gets the same answer from either. It sits above wsconn,
// which moves the bytes and knows nothing of their content, and below the
// handlers, which own the schema check, the dispatch and the replies.
package wsframe
