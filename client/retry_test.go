package client_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/talkamie/contract/client"
	"github.com/talkamie/contract/gen/models"
)

// script answers the i-th request with steps[i] (the last step repeats). A
// step of 0 drops the connection.
type step struct {
	status     int
	retryAfter string
}

func TestRetries(t *testing.T) {
	getUser := func(ctx context.Context, c *client.Client) error { _, err := c.GetUser(ctx, "usr_daniel"); return err }
	updateSchedule := func(ctx context.Context, c *client.Client) error {
		_, err := c.UpdateSchedule(ctx, "sch_0001", models.UpdateScheduleJSONRequestBody{Title: "Sunday catch-up"})
		return err
	}
	withdraw := func(ctx context.Context, c *client.Client) error {
		body := models.WithdrawCoinsJSONRequestBody{Coins: 1000}
		body.Paypal.Email = "daniel.okafor@example.com"
		_, err := c.WithdrawCoins(ctx, body)
		return err
	}
	deleteSchedule := func(ctx context.Context, c *client.Client) error {
		_, err := c.DeleteSchedule(ctx, "sch_0001")
		return err
	}
	tests := []struct {
		name     string
		retries  int
		steps    []step
		call     func(context.Context, *client.Client) error
		attempts int
		wantErr  error
	}{
		{name: "GET retried on 503 until 200", retries: 3, steps: []step{{status: 503}, {status: 503}, {status: 200}}, call: getUser, attempts: 3},
		{name: "GET retried on a dropped connection", retries: 2, steps: []step{{status: 0}, {status: 200}}, call: getUser, attempts: 2},
		{name: "GET retried on 429 with Retry-After", retries: 1, steps: []step{{status: 429, retryAfter: "0"}, {status: 200}}, call: getUser, attempts: 2},
		{name: "GET gives up after the retries", retries: 2, steps: []step{{status: 500}}, call: getUser, attempts: 3},
		{name: "GET not retried on 501", retries: 3, steps: []step{{status: 501}}, call: getUser, attempts: 1, wantErr: client.ErrNotImplemented},
		{name: "GET not retried on 404", retries: 3, steps: []step{{status: 404}}, call: getUser, attempts: 1, wantErr: client.ErrNotFound},
		{name: "GET not retried past a long Retry-After", retries: 3, steps: []step{{status: 503, retryAfter: "3600"}}, call: getUser, attempts: 1},
		{name: "PUT retried with its body", retries: 1, steps: []step{{status: 502}, {status: 200}}, call: updateSchedule, attempts: 2},
		{name: "DELETE retried", retries: 1, steps: []step{{status: 504}, {status: 200}}, call: deleteSchedule, attempts: 2},
		{name: "POST never retried", retries: 3, steps: []step{{status: 503}}, call: withdraw, attempts: 1},
		{name: "POST never retried on a dropped connection", retries: 3, steps: []step{{status: 0}}, call: withdraw, attempts: 1},
		{name: "no retries by default", retries: 0, steps: []step{{status: 503}}, call: getUser, attempts: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var bodies []string
			c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				i := len(bodies)
				body := ""
				if r.Body != nil {
					b := make([]byte, 512)
					n, _ := r.Body.Read(b)
					body = string(b[:n])
				}
				bodies = append(bodies, body)
				mu.Unlock()
				s := tt.steps[min(i, len(tt.steps)-1)]
				if s.status == 0 {
					conn, _, err := w.(http.Hijacker).Hijack()
					if err == nil {
						_ = conn.Close()
					}
					return
				}
				if s.retryAfter != "" {
					w.Header().Set("Retry-After", s.retryAfter)
				}
				if s.status == 200 {
					reply(200, `{"success":true,"data":{"id":"sch_0001","schedule":{"id":"sch_0001"},"transaction":{"id":"txn_withdraw_0001"}}}`)(w, r)
					return
				}
				reply(s.status, `{"success":false,"error":"unavailable","message":"try again"}`)(w, r)
			}, client.WithRetries(tt.retries, time.Millisecond))
			err := tt.call(t.Context(), c)
			mu.Lock()
			defer mu.Unlock()
			if len(bodies) != tt.attempts {
				t.Errorf("%d attempts, want %d", len(bodies), tt.attempts)
			}
			for i, b := range bodies {
				if b != bodies[0] {
					t.Errorf("attempt %d sent body %q, the first sent %q", i, b, bodies[0])
				}
			}
			last := tt.steps[min(tt.attempts-1, len(tt.steps)-1)]
			switch {
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("err = %v, want %v", err, tt.wantErr)
				}
			case last.status == 200:
				if err != nil {
					t.Errorf("err = %v", err)
				}
			default:
				if err == nil {
					t.Error("err = nil after the last attempt failed")
				}
			}
		})
	}
}

func TestRetryWaitHonoursContext(t *testing.T) {
	var attempts atomic.Int32
	c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		w.Header().Set("Retry-After", "30")
		reply(503, `{"success":false,"error":"unavailable","message":"later"}`)(w, r)
	}, client.WithRetries(5, time.Millisecond))

	t.Run("a wait past the deadline is not started", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		attempts.Store(0)
		_, err := c.GetUser(ctx, "usr_daniel")
		var apiErr *client.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || attempts.Load() != 1 {
			t.Errorf("err = %v after %d attempts, want the 503 answer after 1", err, attempts.Load())
		}
	})
	t.Run("cancel ends the wait", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(50*time.Millisecond, cancel)
		attempts.Store(0)
		start := time.Now()
		_, err := c.GetUser(ctx, "usr_daniel")
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("returned after %v", d)
		}
	})
}
