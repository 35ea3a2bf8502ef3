// Package client is what a Go program imports to call the Talkamie API: a typed
// REST client over the generated low-level client (gen/restclient) and a
// WebSocket client for the action channel.
//
// REST: New returns a Client with one method per operation of the contract.
// Each method returns the operation's typed `data` or an error; an error from
// the server (a non-2xx status, or a 2xx whose envelope says `success: false`)
// is a *APIError carrying the status, the envelope's `error` code, its message
// and the validation details, and matches the sentinels ErrUnauthorized,
// ErrNotFound, ... with errors.Is. Paged lists have a single-page method
// (ListChats) returning a *Page and an iterator (Chats) that follows
// `pagination.lastEvaluatedKey` across pages. Options set the bearer token (or
// a TokenSource for rotating tokens), the x-user-timezone-offset header, the
// HTTP client, the User-Agent and retries of idempotent calls.
//
// WebSocket: DialWS opens the channel, authenticates with the token, keeps the
// connection alive with `ping`, decodes every server frame into its generated
// type, correlates acknowledgements with the frames that asked for them
// (WSConn.Call, or one method per client action), and reconnects with backoff
// and re-authentication when the connection drops.
package client
