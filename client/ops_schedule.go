package client

// Operations on schedules and availability (schedule, schedules, availability).

import (
	"context"
	"iter"
	"net/http"

	"github.com/talkamie/contract/gen/models"
)

// GetCustomAvailability calls GET /availability/custom (get custom availability).
func (c *Client) GetCustomAvailability(ctx context.Context) (*models.CustomAvailabilityItems, error) {
	return call[models.CustomAvailabilityItems](ctx, c, "getCustomAvailability", func(ctx context.Context) (*http.Response, error) { return c.raw.GetCustomAvailability(ctx, nil) })
}

// GetWeeklyAvailability calls GET /availability/weekly (get weekly availability).
func (c *Client) GetWeeklyAvailability(ctx context.Context) (*models.WeeklyAvailabilityItems, error) {
	return call[models.WeeklyAvailabilityItems](ctx, c, "getWeeklyAvailability", func(ctx context.Context) (*http.Response, error) { return c.raw.GetWeeklyAvailability(ctx, nil) })
}

// SetCustomAvailability calls POST /availability/custom (set custom availability).
func (c *Client) SetCustomAvailability(ctx context.Context, body models.CustomAvailabilityItems) (*models.CustomAvailabilityItems, error) {
	return call[models.CustomAvailabilityItems](ctx, c, "setCustomAvailability", func(ctx context.Context) (*http.Response, error) { return c.raw.SetCustomAvailability(ctx, nil, body) })
}

// SetWeeklyAvailability calls POST /availability/weekly (set weekly availability).
func (c *Client) SetWeeklyAvailability(ctx context.Context, body models.WeeklyAvailabilityItems) (*models.WeeklyAvailabilityItems, error) {
	return call[models.WeeklyAvailabilityItems](ctx, c, "setWeeklyAvailability", func(ctx context.Context) (*http.Response, error) { return c.raw.SetWeeklyAvailability(ctx, nil, body) })
}

// GetSchedule calls GET /schedule/{scheduleId} (get a schedule).
func (c *Client) GetSchedule(ctx context.Context, scheduleID string) (*models.FullCallSchedule, error) {
	return call[models.FullCallSchedule](ctx, c, "getSchedule", func(ctx context.Context) (*http.Response, error) { return c.raw.GetSchedule(ctx, scheduleID, nil) })
}

// UpdateSchedule calls PUT /schedule/{scheduleId} (update a schedule).
func (c *Client) UpdateSchedule(ctx context.Context, scheduleID string, body models.UpdateScheduleJSONRequestBody) (*models.FullCallSchedule, error) {
	return call[models.FullCallSchedule](ctx, c, "updateSchedule", func(ctx context.Context) (*http.Response, error) {
		return c.raw.UpdateSchedule(ctx, scheduleID, nil, body)
	})
}

// DeleteSchedule calls DELETE /schedule/{scheduleId} (delete schedule).
func (c *Client) DeleteSchedule(ctx context.Context, scheduleID string) (*DeletedSchedule, error) {
	return call[DeletedSchedule](ctx, c, "deleteSchedule", func(ctx context.Context) (*http.Response, error) { return c.raw.DeleteSchedule(ctx, scheduleID, nil) })
}

// ListSchedules calls GET /schedules (get all schedules). It returns one page;
// Schedules iterates over all of them.
func (c *Client) ListSchedules(ctx context.Context, params *models.ListSchedulesParams) (*Page[models.FullCallSchedule], error) {
	return list[models.FullCallSchedule](ctx, c, "listSchedules", func(ctx context.Context) (*http.Response, error) { return c.raw.ListSchedules(ctx, params) })
}

// Schedules iterates over every item of ListSchedules, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) Schedules(ctx context.Context, params *models.ListSchedulesParams) iter.Seq2[models.FullCallSchedule, error] {
	return each(ctx, params, func(p *models.ListSchedulesParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListSchedulesParams) (*Page[models.FullCallSchedule], error) {
			return c.ListSchedules(ctx, p)
		})
}

// ListPastSchedules calls GET /schedules/past (get past schedules). It returns one page;
// PastSchedules iterates over all of them.
func (c *Client) ListPastSchedules(ctx context.Context, params *models.ListPastSchedulesParams) (*Page[models.FullCallSchedule], error) {
	return list[models.FullCallSchedule](ctx, c, "listPastSchedules", func(ctx context.Context) (*http.Response, error) { return c.raw.ListPastSchedules(ctx, params) })
}

// PastSchedules iterates over every item of ListPastSchedules, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) PastSchedules(ctx context.Context, params *models.ListPastSchedulesParams) iter.Seq2[models.FullCallSchedule, error] {
	return each(ctx, params, func(p *models.ListPastSchedulesParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListPastSchedulesParams) (*Page[models.FullCallSchedule], error) {
			return c.ListPastSchedules(ctx, p)
		})
}

// ListUpcomingSchedules calls GET /schedules/upcoming (get upcoming schedules). It returns one page;
// UpcomingSchedules iterates over all of them.
func (c *Client) ListUpcomingSchedules(ctx context.Context, params *models.ListUpcomingSchedulesParams) (*Page[models.FullCallSchedule], error) {
	return list[models.FullCallSchedule](ctx, c, "listUpcomingSchedules", func(ctx context.Context) (*http.Response, error) { return c.raw.ListUpcomingSchedules(ctx, params) })
}

// UpcomingSchedules iterates over every item of ListUpcomingSchedules, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) UpcomingSchedules(ctx context.Context, params *models.ListUpcomingSchedulesParams) iter.Seq2[models.FullCallSchedule, error] {
	return each(ctx, params, func(p *models.ListUpcomingSchedulesParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListUpcomingSchedulesParams) (*Page[models.FullCallSchedule], error) {
			return c.ListUpcomingSchedules(ctx, p)
		})
}
