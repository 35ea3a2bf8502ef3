// Command wsload is the WebSocket load test of the living mock: it signs up
// -clients users, pairs them into accepted chats over REST, holds one
// authenticated socket per user and sends chat messages on every socket for
// -duration, measuring the push latency (a message's send time, carried in
// its text, to its chat.message.new push on the other socket). It then closes
// the sockets and checks the mock's goroutines and heap come back (GET
// /__mock/state?gc=true). It prints a Markdown report; tools/bench/ws-load.sh
// runs it against `contract mock`.
package main
