package client

import (
	"context"
	"fmt"

	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/gen/wsmsg"
)

// WSConn has one method per client action, with the signatures of the
// generated server Handler: the same interface, seen from the calling side.
var _ wsmsg.Handler = (*WSConn)(nil)

// callAs is Call with the reply's type checked.
func callAs[R any](ctx context.Context, w *WSConn, frame any) (*R, error) {
	v, err := w.Call(ctx, frame)
	if err != nil {
		return nil, err
	}
	r, ok := v.(*R)
	if !ok {
		return nil, fmt.Errorf("%w: reply of type %T, want %T", ErrUnexpectedResponse, v, r)
	}
	return r, nil
}

// AlertsUpdate sends alerts.update (update-alerts) and waits for its reply.
func (w *WSConn) AlertsUpdate(ctx context.Context, f *models.WsAlertsUpdate) (*models.WsAlertsUpdateReply, error) {
	return callAs[models.WsAlertsUpdateReply](ctx, w, f)
}

// Authenticate authenticates the connection again, with f's token, and waits
// for the reply; on success User returns the new user. DialWS and every
// reconnect authenticate by themselves.
func (w *WSConn) Authenticate(ctx context.Context, f *models.WsAuthenticate) (*models.WsAuthenticateReply, error) {
	r, err := callAs[models.WsAuthenticateReply](ctx, w, f)
	if err == nil && r.Success && r.Data != nil {
		w.mu.Lock()
		w.user = r.Data
		w.mu.Unlock()
	}
	return r, err
}

// CallAccept sends call.accept (accept-call) and waits for its reply.
func (w *WSConn) CallAccept(ctx context.Context, f *models.WsCallAccept) (*models.WsCallAcceptReply, error) {
	return callAs[models.WsCallAcceptReply](ctx, w, f)
}

// CallConnected sends call.connected (call-connected); it has no reply.
func (w *WSConn) CallConnected(ctx context.Context, f *models.WsCallConnected) error {
	return w.Send(ctx, f)
}

// CallDisconnected sends call.disconnected (call-disconnected); it has no reply.
func (w *WSConn) CallDisconnected(ctx context.Context, f *models.WsCallDisconnected) error {
	return w.Send(ctx, f)
}

// CallEnd sends call.end (end-call) and waits for its reply.
func (w *WSConn) CallEnd(ctx context.Context, f *models.WsCallEnd) (*models.WsCallEndReply, error) {
	return callAs[models.WsCallEndReply](ctx, w, f)
}

// CallReject sends call.reject (reject-call) and waits for its reply.
func (w *WSConn) CallReject(ctx context.Context, f *models.WsCallReject) (*models.WsCallRejectReply, error) {
	return callAs[models.WsCallRejectReply](ctx, w, f)
}

// CallSignal sends call.signal (signal) to the peer; it has no reply (the peer
// receives it as a call.signal relay).
func (w *WSConn) CallSignal(ctx context.Context, f *models.WsCallSignal) error {
	return w.Send(ctx, f)
}

// CallStart sends call.start (call-user) and waits for its reply.
func (w *WSConn) CallStart(ctx context.Context, f *models.WsCallStart) (*models.WsCallStartReply, error) {
	return callAs[models.WsCallStartReply](ctx, w, f)
}

// ChatMessageSend sends chat.message.send (send-message) and waits for its reply.
func (w *WSConn) ChatMessageSend(ctx context.Context, f *models.WsChatMessageSend) (*models.WsChatMessageSendReply, error) {
	return callAs[models.WsChatMessageSendReply](ctx, w, f)
}

// ChatMessagesGet sends chat.messages.get (get-messages) and waits for its reply.
func (w *WSConn) ChatMessagesGet(ctx context.Context, f *models.WsChatMessagesGet) (*models.WsChatMessagesGetReply, error) {
	return callAs[models.WsChatMessagesGetReply](ctx, w, f)
}

// ChatMessagesUpdate sends chat.messages.update (update-messages) and waits for
// its reply.
func (w *WSConn) ChatMessagesUpdate(ctx context.Context, f *models.WsChatMessagesUpdate) (*models.WsChatMessagesUpdateReply, error) {
	return callAs[models.WsChatMessagesUpdateReply](ctx, w, f)
}

// Ping sends ping and waits for its reply. The WSConn pings by itself (see
// WithPingInterval).
func (w *WSConn) Ping(ctx context.Context, f *models.WsPing) (*models.WsPingReply, error) {
	return callAs[models.WsPingReply](ctx, w, f)
}

// SupportMessageSend sends support.message.send (send-support-message) and waits
// for its reply.
func (w *WSConn) SupportMessageSend(ctx context.Context, f *models.WsSupportMessageSend) (*models.WsSupportMessageSendReply, error) {
	return callAs[models.WsSupportMessageSendReply](ctx, w, f)
}

// SupportMessagesGet sends support.messages.get (get-support-messages) and waits
// for its reply.
func (w *WSConn) SupportMessagesGet(ctx context.Context, f *models.WsSupportMessagesGet) (*models.WsSupportMessagesGetReply, error) {
	return callAs[models.WsSupportMessagesGetReply](ctx, w, f)
}

// SupportMessagesUpdate sends support.messages.update (update-support-messages)
// and waits for its reply.
func (w *WSConn) SupportMessagesUpdate(ctx context.Context, f *models.WsSupportMessagesUpdate) (*models.WsSupportMessagesUpdateReply, error) {
	return callAs[models.WsSupportMessagesUpdateReply](ctx, w, f)
}
