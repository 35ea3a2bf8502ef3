package client

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxRetryAfter is the longest Retry-After the client waits for; a longer one
// is answered to the caller instead.
const maxRetryAfter = time.Minute

// retryDoer retries idempotent requests on network errors, 429 and 5xx.
type retryDoer struct {
	next    *http.Client
	retries int
	backoff time.Duration
}

// Do sends req, and sends it again while the failure is retryable.
func (d *retryDoer) Do(req *http.Request) (*http.Response, error) {
	if !idempotent(req.Method) {
		return d.next.Do(req)
	}
	ctx := req.Context()
	for attempt := 0; ; attempt++ {
		try := req
		if attempt > 0 && req.Body != nil && req.Body != http.NoBody {
			if req.GetBody == nil {
				return d.next.Do(req) // unreachable for the generated client, whose bodies are bytes.Readers
			}
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			try = req.Clone(ctx)
			try.Body = body
		}
		resp, err := d.next.Do(try)
		if attempt >= d.retries || !retryable(ctx, resp, err) {
			return resp, err
		}
		wait, ok := d.wait(attempt, resp)
		if !ok || !fits(ctx, wait) {
			return resp, err
		}
		if resp != nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			_ = resp.Body.Close()
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// wait returns how long to wait before retry attempt+1, and false when the
// server asks for a longer wait than the client accepts.
func (d *retryDoer) wait(attempt int, resp *http.Response) (time.Duration, bool) {
	if resp != nil {
		if ra, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return ra, ra <= maxRetryAfter
		}
	}
	w := d.backoff << min(attempt, 16)
	if w <= 0 {
		return 0, true
	}
	// Equal jitter: half fixed, half random, so concurrent clients spread out.
	return w/2 + rand.N(w/2+1), true
}

// fits reports whether a wait ends before ctx's deadline.
func fits(ctx context.Context, wait time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) > wait
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// retryable reports whether a response or error is worth another attempt:
// a network error while ctx is live, 429, or a 5xx other than 501 (an
// operation the server does not implement will not be implemented a moment
// later).
func retryable(ctx context.Context, resp *http.Response, err error) bool {
	if err != nil {
		return ctx.Err() == nil
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return true
	case resp.StatusCode == http.StatusNotImplemented:
		return false
	case resp.StatusCode >= 500 && resp.StatusCode <= 599:
		return true
	}
	return false
}

// retryAfter parses a Retry-After header: delay-seconds or an HTTP-date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0, false
		}
		if time.Duration(s) > maxRetryAfter/time.Second {
			return maxRetryAfter + time.Second, true // longer than the client waits; avoids overflow
		}
		return time.Duration(s) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}
