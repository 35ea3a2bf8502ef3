package client

// Operations on users, connections and message requests (user, users, connect-requests).

import (
	"context"
	"iter"
	"net/http"

	"github.com/talkamie/contract/gen/models"
)

// ListPendingConnectionRequests calls GET /connections/pending (get pending connection requests). It returns one page;
// PendingConnectionRequests iterates over all of them.
func (c *Client) ListPendingConnectionRequests(ctx context.Context, params *models.ListPendingConnectionRequestsParams) (*Page[models.FullConnectRequest], error) {
	return list[models.FullConnectRequest](ctx, c, "listPendingConnectionRequests", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListPendingConnectionRequests(ctx, params)
	})
}

// PendingConnectionRequests iterates over every item of ListPendingConnectionRequests, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) PendingConnectionRequests(ctx context.Context, params *models.ListPendingConnectionRequestsParams) iter.Seq2[models.FullConnectRequest, error] {
	return each(ctx, params, func(p *models.ListPendingConnectionRequestsParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListPendingConnectionRequestsParams) (*Page[models.FullConnectRequest], error) {
			return c.ListPendingConnectionRequests(ctx, p)
		})
}

// ListConnectedUsers calls GET /connections/users (get users you're in connection with). It returns one page;
// ConnectedUsers iterates over all of them.
func (c *Client) ListConnectedUsers(ctx context.Context, params *models.ListConnectedUsersParams) (*Page[models.BasicUser], error) {
	return list[models.BasicUser](ctx, c, "listConnectedUsers", func(ctx context.Context) (*http.Response, error) { return c.raw.ListConnectedUsers(ctx, params) })
}

// ConnectedUsers iterates over every item of ListConnectedUsers, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) ConnectedUsers(ctx context.Context, params *models.ListConnectedUsersParams) iter.Seq2[models.BasicUser, error] {
	return each(ctx, params, func(p *models.ListConnectedUsersParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListConnectedUsersParams) (*Page[models.BasicUser], error) {
			return c.ListConnectedUsers(ctx, p)
		})
}

// UpdateUser calls PUT /user/{userId} (update user).
func (c *Client) UpdateUser(ctx context.Context, userID string, body models.UpdateUserJSONRequestBody) (*models.FullUser, error) {
	return call[models.FullUser](ctx, c, "updateUser", func(ctx context.Context) (*http.Response, error) { return c.raw.UpdateUser(ctx, userID, nil, body) })
}

// ChangePassword calls PUT /user/{userId}/password (change password).
func (c *Client) ChangePassword(ctx context.Context, userID string, body models.ChangePasswordJSONRequestBody) error {
	return exec(ctx, c, "changePassword", func(ctx context.Context) (*http.Response, error) { return c.raw.ChangePassword(ctx, userID, nil, body) })
}

// GetUser calls GET /user/{userId} (get user).
func (c *Client) GetUser(ctx context.Context, userID string) (*models.ExtendedUser, error) {
	return call[models.ExtendedUser](ctx, c, "getUser", func(ctx context.Context) (*http.Response, error) { return c.raw.GetUser(ctx, userID, nil) })
}

// DeleteUser calls DELETE /user/{userId} (delete user).
func (c *Client) DeleteUser(ctx context.Context, userID string) error {
	return exec(ctx, c, "deleteUser", func(ctx context.Context) (*http.Response, error) { return c.raw.DeleteUser(ctx, userID, nil) })
}

// ScheduleCall calls POST /user/{userId}/schedule (schedule a call).
func (c *Client) ScheduleCall(ctx context.Context, userID string, body models.ScheduleCallJSONRequestBody) (*ScheduledCall, error) {
	return call[ScheduledCall](ctx, c, "scheduleCall", func(ctx context.Context) (*http.Response, error) { return c.raw.ScheduleCall(ctx, userID, nil, body) })
}

// ClearSchedules calls DELETE /user/{userId}/schedules (clear schedules).
func (c *Client) ClearSchedules(ctx context.Context, userID string) (*ClearedSchedules, error) {
	return call[ClearedSchedules](ctx, c, "clearSchedules", func(ctx context.Context) (*http.Response, error) { return c.raw.ClearSchedules(ctx, userID, nil) })
}

// SendConnectionRequest calls POST /user/{userId}/connection (send connection request).
func (c *Client) SendConnectionRequest(ctx context.Context, userID string) (*models.FullConnectRequest, error) {
	return call[models.FullConnectRequest](ctx, c, "sendConnectionRequest", func(ctx context.Context) (*http.Response, error) {
		return c.raw.SendConnectionRequest(ctx, userID, nil)
	})
}

// CancelConnectionRequest calls DELETE /user/{userId}/connection (cancel connection request).
func (c *Client) CancelConnectionRequest(ctx context.Context, userID string) (*models.BasicConnectRequest, error) {
	return call[models.BasicConnectRequest](ctx, c, "cancelConnectionRequest", func(ctx context.Context) (*http.Response, error) {
		return c.raw.CancelConnectionRequest(ctx, userID, nil)
	})
}

// AcceptConnectionRequest calls POST /user/{userId}/connection/accept (accept connection from user).
func (c *Client) AcceptConnectionRequest(ctx context.Context, userID string) (*AcceptedConnection, error) {
	return call[AcceptedConnection](ctx, c, "acceptConnectionRequest", func(ctx context.Context) (*http.Response, error) {
		return c.raw.AcceptConnectionRequest(ctx, userID, nil)
	})
}

// RejectConnectionRequest calls DELETE /user/{userId}/connection/reject (reject connection request).
func (c *Client) RejectConnectionRequest(ctx context.Context, userID string) (*models.BasicConnectRequest, error) {
	return call[models.BasicConnectRequest](ctx, c, "rejectConnectionRequest", func(ctx context.Context) (*http.Response, error) {
		return c.raw.RejectConnectionRequest(ctx, userID, nil)
	})
}

// DisconnectUser calls DELETE /user/{userId}/connection/disconnect (disconnect from a user).
func (c *Client) DisconnectUser(ctx context.Context, userID string) (*models.BasicConnectRequest, error) {
	return call[models.BasicConnectRequest](ctx, c, "disconnectUser", func(ctx context.Context) (*http.Response, error) { return c.raw.DisconnectUser(ctx, userID, nil) })
}

// SendMessageRequest calls POST /user/{userId}/message/request (send message request).
func (c *Client) SendMessageRequest(ctx context.Context, userID string, body models.SendMessageRequestJSONRequestBody) (*MessageRequest, error) {
	return call[MessageRequest](ctx, c, "sendMessageRequest", func(ctx context.Context) (*http.Response, error) {
		return c.raw.SendMessageRequest(ctx, userID, nil, body)
	})
}

// CancelMessageRequest calls DELETE /user/{userId}/message/request (cancel message request).
func (c *Client) CancelMessageRequest(ctx context.Context, userID string) (*ChatRef, error) {
	return call[ChatRef](ctx, c, "cancelMessageRequest", func(ctx context.Context) (*http.Response, error) { return c.raw.CancelMessageRequest(ctx, userID, nil) })
}

// AcceptMessageRequest calls POST /user/{userId}/message/request/accept (accept message request).
func (c *Client) AcceptMessageRequest(ctx context.Context, userID string) (*ChatResult, error) {
	return call[ChatResult](ctx, c, "acceptMessageRequest", func(ctx context.Context) (*http.Response, error) { return c.raw.AcceptMessageRequest(ctx, userID, nil) })
}

// RejectMessageRequest calls DELETE /user/{userId}/message/request/reject (reject message request).
func (c *Client) RejectMessageRequest(ctx context.Context, userID string) (*ChatRef, error) {
	return call[ChatRef](ctx, c, "rejectMessageRequest", func(ctx context.Context) (*http.Response, error) { return c.raw.RejectMessageRequest(ctx, userID, nil) })
}

// ListUserReviews calls GET /user/{userId}/reviews (get user reviews). It returns one page;
// UserReviews iterates over all of them.
func (c *Client) ListUserReviews(ctx context.Context, userID string, params *models.ListUserReviewsParams) (*Page[models.BasicReview], error) {
	return list[models.BasicReview](ctx, c, "listUserReviews", func(ctx context.Context) (*http.Response, error) { return c.raw.ListUserReviews(ctx, userID, params) })
}

// UserReviews iterates over every item of ListUserReviews, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) UserReviews(ctx context.Context, userID string, params *models.ListUserReviewsParams) iter.Seq2[models.BasicReview, error] {
	return each(ctx, params, func(p *models.ListUserReviewsParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListUserReviewsParams) (*Page[models.BasicReview], error) {
			return c.ListUserReviews(ctx, userID, p)
		})
}

// ReviewUser calls POST /user/{userId}/review (review a user).
func (c *Client) ReviewUser(ctx context.Context, userID string, body models.ReviewUserJSONRequestBody) (*ReviewResult, error) {
	return call[ReviewResult](ctx, c, "reviewUser", func(ctx context.Context) (*http.Response, error) { return c.raw.ReviewUser(ctx, userID, nil, body) })
}

// UpdateReview calls PUT /user/{userId}/review (update review).
func (c *Client) UpdateReview(ctx context.Context, userID string, body models.UpdateReviewJSONRequestBody) (*ReviewResult, error) {
	return call[ReviewResult](ctx, c, "updateReview", func(ctx context.Context) (*http.Response, error) { return c.raw.UpdateReview(ctx, userID, nil, body) })
}

// DeleteReview calls DELETE /user/{userId}/review (delete review).
func (c *Client) DeleteReview(ctx context.Context, userID string) (*ReviewDeletion, error) {
	return call[ReviewDeletion](ctx, c, "deleteReview", func(ctx context.Context) (*http.Response, error) { return c.raw.DeleteReview(ctx, userID, nil) })
}

// ListUsers calls GET /users (get users). It returns one page;
// Users iterates over all of them.
func (c *Client) ListUsers(ctx context.Context, params *models.ListUsersParams) (*Page[models.BasicUser], error) {
	return list[models.BasicUser](ctx, c, "listUsers", func(ctx context.Context) (*http.Response, error) { return c.raw.ListUsers(ctx, params) })
}

// Users iterates over every item of ListUsers, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) Users(ctx context.Context, params *models.ListUsersParams) iter.Seq2[models.BasicUser, error] {
	return each(ctx, params, func(p *models.ListUsersParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListUsersParams) (*Page[models.BasicUser], error) {
			return c.ListUsers(ctx, p)
		})
}
