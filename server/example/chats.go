package example

import (
	"context"
	"slices"

	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/gen/restapi"
)

// ListChats returns the caller's chats, newest activity first, one page at a
// time.
func (s *Server) ListChats(ctx context.Context, req restapi.ListChatsRequestObject) (restapi.ListChatsResponseObject, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	me, err := s.me(ctx)
	if err != nil {
		return nil, err
	}
	var mine []models.FullChat
	for _, c := range s.chats {
		if c.has(me.profile.Id) {
			mine = append(mine, s.view(c, me.profile.Id))
		}
	}
	items, pagination, err := page(mine, func(c models.FullChat) string { return c.Id }, req.Params.PageSize, req.Params.LastEvaluatedKey)
	if err != nil {
		return nil, err
	}
	return restapi.ListChats200JSONResponse{Success: true, Data: &items, Pagination: pagination}, nil
}

// GetChat returns one of the caller's chats; other people's chats do not
// exist as far as the caller can tell.
func (s *Server) GetChat(ctx context.Context, req restapi.GetChatRequestObject) (restapi.GetChatResponseObject, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	me, err := s.me(ctx)
	if err != nil {
		return nil, err
	}
	c := s.chat(req.ChatId)
	if c == nil || !c.has(me.profile.Id) {
		return nil, notFound()
	}
	return restapi.GetChat200JSONResponse{Success: true, Data: ptr(s.view(c, me.profile.Id))}, nil
}

func (s *Server) chat(id string) *chat {
	i := slices.IndexFunc(s.chats, func(c *chat) bool { return c.id == id })
	if i < 0 {
		return nil
	}
	return s.chats[i]
}

// view is a chat as one of its members sees it: the other member, the last
// message and the member's unread count.
func (s *Server) view(c *chat, viewer string) models.FullChat {
	v := models.FullChat{Id: c.id, Type: ptr(c.kind), TotalUnreadMessages: ptr(c.unread[viewer])}
	if other := s.users[c.other(viewer)]; other != nil {
		v.User = ptr(card(other.profile))
	}
	if len(c.messages) > 0 {
		v.LastMessage = &c.messages[0]
		v.Timestamp = c.messages[0].Timestamp
	}
	return v
}

func (c *chat) has(id string) bool { return c.members[0] == id || c.members[1] == id }

func (c *chat) other(id string) string {
	if c.members[0] == id {
		return c.members[1]
	}
	return c.members[0]
}

// unreadChats counts the chats in which id has unread messages.
func (s *Server) unreadChats(id string) int {
	n := 0
	for _, c := range s.chats {
		if c.unread[id] > 0 {
			n++
		}
	}
	return n
}
