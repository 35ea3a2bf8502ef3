package client

// Operations on alerts, FAQs, interests, reviews, specializations and support.

import (
	"context"
	"iter"
	"net/http"

	"github.com/talkamie/contract/gen/models"
)

// ListAlerts calls GET /alerts (get alerts). It returns one page;
// Alerts iterates over all of them.
func (c *Client) ListAlerts(ctx context.Context, params *models.ListAlertsParams) (*Page[models.BasicAlert], error) {
	return list[models.BasicAlert](ctx, c, "listAlerts", func(ctx context.Context) (*http.Response, error) { return c.raw.ListAlerts(ctx, params) })
}

// Alerts iterates over every item of ListAlerts, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) Alerts(ctx context.Context, params *models.ListAlertsParams) iter.Seq2[models.BasicAlert, error] {
	return each(ctx, params, func(p *models.ListAlertsParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListAlertsParams) (*Page[models.BasicAlert], error) {
			return c.ListAlerts(ctx, p)
		})
}

// ListFaqs calls GET /faqs (get faqs). It returns one page;
// Faqs iterates over all of them.
func (c *Client) ListFaqs(ctx context.Context, params *models.ListFaqsParams) (*Page[models.BasicFaq], error) {
	return list[models.BasicFaq](ctx, c, "listFaqs", func(ctx context.Context) (*http.Response, error) { return c.raw.ListFaqs(ctx, params) })
}

// Faqs iterates over every item of ListFaqs, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) Faqs(ctx context.Context, params *models.ListFaqsParams) iter.Seq2[models.BasicFaq, error] {
	return each(ctx, params, func(p *models.ListFaqsParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListFaqsParams) (*Page[models.BasicFaq], error) {
			return c.ListFaqs(ctx, p)
		})
}

// ListFaqsByType calls GET /faqs/{faqType} (get faqs by type). It returns one page;
// FaqsByType iterates over all of them.
func (c *Client) ListFaqsByType(ctx context.Context, faqType string, params *models.ListFaqsByTypeParams) (*Page[models.BasicFaq], error) {
	return list[models.BasicFaq](ctx, c, "listFaqsByType", func(ctx context.Context) (*http.Response, error) { return c.raw.ListFaqsByType(ctx, faqType, params) })
}

// FaqsByType iterates over every item of ListFaqsByType, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) FaqsByType(ctx context.Context, faqType string, params *models.ListFaqsByTypeParams) iter.Seq2[models.BasicFaq, error] {
	return each(ctx, params, func(p *models.ListFaqsByTypeParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListFaqsByTypeParams) (*Page[models.BasicFaq], error) {
			return c.ListFaqsByType(ctx, faqType, p)
		})
}

// ListInterests calls GET /interests (get interests). It returns one page;
// Interests iterates over all of them.
func (c *Client) ListInterests(ctx context.Context, params *models.ListInterestsParams) (*Page[models.BasicInterest], error) {
	return list[models.BasicInterest](ctx, c, "listInterests", func(ctx context.Context) (*http.Response, error) { return c.raw.ListInterests(ctx, params) })
}

// Interests iterates over every item of ListInterests, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) Interests(ctx context.Context, params *models.ListInterestsParams) iter.Seq2[models.BasicInterest, error] {
	return each(ctx, params, func(p *models.ListInterestsParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListInterestsParams) (*Page[models.BasicInterest], error) {
			return c.ListInterests(ctx, p)
		})
}

// ListYourReviews calls GET /reviews (get your reviews). It returns one page;
// YourReviews iterates over all of them.
func (c *Client) ListYourReviews(ctx context.Context, params *models.ListYourReviewsParams) (*Page[models.BasicReview], error) {
	return list[models.BasicReview](ctx, c, "listYourReviews", func(ctx context.Context) (*http.Response, error) { return c.raw.ListYourReviews(ctx, params) })
}

// YourReviews iterates over every item of ListYourReviews, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) YourReviews(ctx context.Context, params *models.ListYourReviewsParams) iter.Seq2[models.BasicReview, error] {
	return each(ctx, params, func(p *models.ListYourReviewsParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListYourReviewsParams) (*Page[models.BasicReview], error) {
			return c.ListYourReviews(ctx, p)
		})
}

// ListSpecializationAreas calls GET /specializations (get specialization areas). It returns one page;
// SpecializationAreas iterates over all of them.
func (c *Client) ListSpecializationAreas(ctx context.Context, params *models.ListSpecializationAreasParams) (*Page[models.UserSpecializationArea], error) {
	return list[models.UserSpecializationArea](ctx, c, "listSpecializationAreas", func(ctx context.Context) (*http.Response, error) { return c.raw.ListSpecializationAreas(ctx, params) })
}

// SpecializationAreas iterates over every item of ListSpecializationAreas, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) SpecializationAreas(ctx context.Context, params *models.ListSpecializationAreasParams) iter.Seq2[models.UserSpecializationArea, error] {
	return each(ctx, params, func(p *models.ListSpecializationAreasParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListSpecializationAreasParams) (*Page[models.UserSpecializationArea], error) {
			return c.ListSpecializationAreas(ctx, p)
		})
}

// GetOpenSupportTicket calls GET /support/open/ticket (get open ticket).
func (c *Client) GetOpenSupportTicket(ctx context.Context) (*models.GetOpenSupportTicket200JSONResponseBody_Data, error) {
	return call[models.GetOpenSupportTicket200JSONResponseBody_Data](ctx, c, "getOpenSupportTicket", func(ctx context.Context) (*http.Response, error) { return c.raw.GetOpenSupportTicket(ctx, nil) })
}

// ListSupportTicketMessages calls GET /support/ticket/{ticketId}/messages (get ticket messages). It returns one page, newest first;
// SupportTicketMessages iterates over all of them.
func (c *Client) ListSupportTicketMessages(ctx context.Context, ticketID string, params *models.ListSupportTicketMessagesParams) (*SupportMessagesPage, error) {
	d, p, err := listIn(ctx, c, "listSupportTicketMessages", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListSupportTicketMessages(ctx, ticketID, params)
	},
		func(d *models.SupportTicketMessages) []models.BasicSupportMessage { return d.Messages })
	if err != nil {
		return nil, err
	}
	return &SupportMessagesPage{Ticket: d.Ticket, Page: *p}, nil
}

// SupportTicketMessages iterates over every message of ListSupportTicketMessages, newest first, page after page,
// starting from params (nil for the first page).
func (c *Client) SupportTicketMessages(ctx context.Context, ticketID string, params *models.ListSupportTicketMessagesParams) iter.Seq2[models.BasicSupportMessage, error] {
	return each(ctx, params, func(p *models.ListSupportTicketMessagesParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListSupportTicketMessagesParams) (*Page[models.BasicSupportMessage], error) {
			mp, err := c.ListSupportTicketMessages(ctx, ticketID, p)
			if err != nil {
				return nil, err
			}
			return &mp.Page, nil
		})
}
