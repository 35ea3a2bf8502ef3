package client

// Operations on chats and calls (chat, chats, call, calls).

import (
	"context"
	"iter"
	"net/http"

	"github.com/talkamie/contract/gen/models"
)

// GetCall calls GET /call/{callId} (get call).
func (c *Client) GetCall(ctx context.Context, callID string) (*models.FullCall, error) {
	return call[models.FullCall](ctx, c, "getCall", func(ctx context.Context) (*http.Response, error) { return c.raw.GetCall(ctx, callID, nil) })
}

// ListCallHistories calls GET /calls/histories (get call histories). It returns one page;
// CallHistories iterates over all of them.
func (c *Client) ListCallHistories(ctx context.Context, params *models.ListCallHistoriesParams) (*Page[models.FullCall], error) {
	return list[models.FullCall](ctx, c, "listCallHistories", func(ctx context.Context) (*http.Response, error) { return c.raw.ListCallHistories(ctx, params) })
}

// CallHistories iterates over every item of ListCallHistories, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) CallHistories(ctx context.Context, params *models.ListCallHistoriesParams) iter.Seq2[models.FullCall, error] {
	return each(ctx, params, func(p *models.ListCallHistoriesParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListCallHistoriesParams) (*Page[models.FullCall], error) {
			return c.ListCallHistories(ctx, p)
		})
}

// GetChat calls GET /chat/{chatId} (get chat).
func (c *Client) GetChat(ctx context.Context, chatID string) (*models.FullChat, error) {
	return call[models.FullChat](ctx, c, "getChat", func(ctx context.Context) (*http.Response, error) { return c.raw.GetChat(ctx, chatID, nil) })
}

// ListChatMessages calls GET /chat/{chatId}/messages (get messages). It returns one page, newest first;
// ChatMessages iterates over all of them.
func (c *Client) ListChatMessages(ctx context.Context, chatID string, params *models.ListChatMessagesParams) (*ChatMessagesPage, error) {
	d, p, err := listIn(ctx, c, "listChatMessages", func(ctx context.Context) (*http.Response, error) { return c.raw.ListChatMessages(ctx, chatID, params) },
		func(d *models.ChatMessages) []models.BasicChatMessage { return d.Messages })
	if err != nil {
		return nil, err
	}
	return &ChatMessagesPage{Chat: d.Chat, Page: *p}, nil
}

// ChatMessages iterates over every message of ListChatMessages, newest first, page after page,
// starting from params (nil for the first page).
func (c *Client) ChatMessages(ctx context.Context, chatID string, params *models.ListChatMessagesParams) iter.Seq2[models.BasicChatMessage, error] {
	return each(ctx, params, func(p *models.ListChatMessagesParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListChatMessagesParams) (*Page[models.BasicChatMessage], error) {
			mp, err := c.ListChatMessages(ctx, chatID, p)
			if err != nil {
				return nil, err
			}
			return &mp.Page, nil
		})
}

// SendChatMessage calls POST /chat/{chatId}/message (send chat message).
func (c *Client) SendChatMessage(ctx context.Context, chatID string, body models.SendChatMessageJSONRequestBody) (*SentMessage, error) {
	return call[SentMessage](ctx, c, "sendChatMessage", func(ctx context.Context) (*http.Response, error) {
		return c.raw.SendChatMessage(ctx, chatID, nil, body)
	})
}

// ListFrequentChats calls GET /chats/frequent (get frequent chats). It returns one page;
// FrequentChats iterates over all of them.
func (c *Client) ListFrequentChats(ctx context.Context, params *models.ListFrequentChatsParams) (*Page[models.FullChat], error) {
	return list[models.FullChat](ctx, c, "listFrequentChats", func(ctx context.Context) (*http.Response, error) { return c.raw.ListFrequentChats(ctx, params) })
}

// FrequentChats iterates over every item of ListFrequentChats, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) FrequentChats(ctx context.Context, params *models.ListFrequentChatsParams) iter.Seq2[models.FullChat, error] {
	return each(ctx, params, func(p *models.ListFrequentChatsParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListFrequentChatsParams) (*Page[models.FullChat], error) {
			return c.ListFrequentChats(ctx, p)
		})
}

// ListUnreadChats calls GET /chats/unread (get unread chats). It returns one page;
// UnreadChats iterates over all of them.
func (c *Client) ListUnreadChats(ctx context.Context, params *models.ListUnreadChatsParams) (*Page[models.FullChat], error) {
	return list[models.FullChat](ctx, c, "listUnreadChats", func(ctx context.Context) (*http.Response, error) { return c.raw.ListUnreadChats(ctx, params) })
}

// UnreadChats iterates over every item of ListUnreadChats, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) UnreadChats(ctx context.Context, params *models.ListUnreadChatsParams) iter.Seq2[models.FullChat, error] {
	return each(ctx, params, func(p *models.ListUnreadChatsParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListUnreadChatsParams) (*Page[models.FullChat], error) {
			return c.ListUnreadChats(ctx, p)
		})
}

// ListPendingChats calls GET /chats/pending (get pending chats). It returns one page;
// PendingChats iterates over all of them.
func (c *Client) ListPendingChats(ctx context.Context, params *models.ListPendingChatsParams) (*Page[models.FullChat], error) {
	return list[models.FullChat](ctx, c, "listPendingChats", func(ctx context.Context) (*http.Response, error) { return c.raw.ListPendingChats(ctx, params) })
}

// PendingChats iterates over every item of ListPendingChats, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) PendingChats(ctx context.Context, params *models.ListPendingChatsParams) iter.Seq2[models.FullChat, error] {
	return each(ctx, params, func(p *models.ListPendingChatsParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListPendingChatsParams) (*Page[models.FullChat], error) {
			return c.ListPendingChats(ctx, p)
		})
}

// ListChats calls GET /chats (get chats). It returns one page;
// Chats iterates over all of them.
func (c *Client) ListChats(ctx context.Context, params *models.ListChatsParams) (*Page[models.FullChat], error) {
	return list[models.FullChat](ctx, c, "listChats", func(ctx context.Context) (*http.Response, error) { return c.raw.ListChats(ctx, params) })
}

// Chats iterates over every item of ListChats, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) Chats(ctx context.Context, params *models.ListChatsParams) iter.Seq2[models.FullChat, error] {
	return each(ctx, params, func(p *models.ListChatsParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListChatsParams) (*Page[models.FullChat], error) {
			return c.ListChats(ctx, p)
		})
}
