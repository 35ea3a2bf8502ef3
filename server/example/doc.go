// Package example is a small in-memory implementation of a real slice of the
// Talkamie API, written to show how to implement the generated interface and
// serve it with package server. It is teaching code, not the mock.
//
// The slice: auth (sign up, sign in, get user by token, sign out), users (get
// users, get user, update user), chats (get chats, page by page, and get
// chat), finance (the transaction lists, get transaction, top-up session,
// withdraw), and on the WebSocket authenticate and chat.message.send (an ack
// to the sender, chat.message.new pushed to the other participant). Every
// other operation answers 501 through the embedded server.Unimplemented.
//
// The data is the contract's example world (docs/contract-style.md §6):
// Margaret (tok_margaret_access), Daniel (tok_daniel_access) and Priya
// (tok_priya_access), all with the password "correct horse battery".
package example
