package example

import (
	"context"
	"fmt"
	"net/http"

	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/gen/wsmsg"
	"github.com/talkamie/contract/server"
)

// socket handles the WebSocket actions of the example. The server checked
// the token of authenticate, validated every frame and answers ping itself;
// every action not written here answers a not-implemented error frame.
type socket struct {
	wsmsg.UnimplementedHandler
	s *Server
}

// Authenticate answers with the signed-in user, as the web client expects.
func (h socket) Authenticate(ctx context.Context, _ *models.WsAuthenticate) (*models.WsAuthenticateReply, error) {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	me, err := h.s.me(ctx)
	if err != nil {
		return nil, err
	}
	return &models.WsAuthenticateReply{Action: models.WsAuthenticateReplyActionAuthenticate, Success: true, Data: &me.profile}, nil
}

// ChatMessageSend stores a message, acknowledges it to the sender and pushes
// it to the other member (never back to the sender: the web client would
// show it twice).
func (h socket) ChatMessageSend(ctx context.Context, f *models.WsChatMessageSend) (*models.WsChatMessageSendReply, error) {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	me, err := s.me(ctx)
	if err != nil {
		return nil, err
	}
	c := s.chat(f.ChatId)
	if c == nil || !c.has(me.profile.Id) {
		return nil, notFound()
	}
	if !c.accepted {
		return nil, server.NewError(http.StatusConflict, "conflict", "the message request has not been accepted yet")
	}
	s.seq++
	msg := models.BasicChatMessage{
		Id: fmt.Sprintf("msg_%04d", 1000+s.seq), Text: ptr(f.Message.Text), Timestamp: s.timestamp(),
		Sender:   &models.BasicUser{Id: me.profile.Id},
		Delivery: &models.MessageDelivery{Status: ptr(models.MessageDeliveryStatusSent)},
	}
	c.messages = append([]models.BasicChatMessage{msg}, c.messages...)
	other := c.other(me.profile.Id)
	c.unread[other]++

	push := &models.WsChatMessageNew{Action: models.WsChatMessageNewActionChatMessageNew, Success: models.WsChatMessageNewSuccessTrue}
	push.Data = models.WsChatMessageNewData{
		Chat:    models.ChatRef{Id: c.id},
		Message: msg,
		Viewer:  &models.ViewerChatCounters{Id: other, TotalUnreadChats: ptr(s.unreadChats(other))},
	}
	if _, err := s.hub.Push(other, push); err != nil {
		return nil, err
	}

	ack := &models.WsChatMessageSendReplyData{Chat: models.ChatRef{Id: c.id}, Message: msg}
	return &models.WsChatMessageSendReply{Action: models.WsChatMessageSendReplyActionChatMessageSend, Success: true, Data: ack}, nil
}
