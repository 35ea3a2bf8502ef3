// Package wsconn runs one WebSocket connection: it accepts the upgrade (with an
// origin check and a frame size limit), reads text frames in a loop and hands
// each one to a handler, writes outgoing frames from a bounded per-connection
// queue, closes idle connections, and logs one line per frame.
//
// It knows nothing about the frames' content: the server's /ws endpoint and the
// mock's both build on it. A connection whose queue is full is dropped instead
// of blocking the sender, so one slow client never stalls the server. Users
// keeps each user's authenticated connections, for pushes.
package wsconn
