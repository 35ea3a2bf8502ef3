package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/gen/restclient"
)

// maxResponseBody bounds how much of a response body the client reads.
const maxResponseBody = 32 << 20

// Client calls the Talkamie REST API. It is safe for concurrent use.
type Client struct {
	raw *restclient.Client
	cfg config
}

// New returns a Client for the API rooted at baseURL, the address that
// includes the version prefix (https://api.talkamie.com/v1, or an httptest
// server's URL + "/v1").
func New(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("client: base url: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("client: base url %q: want an absolute http or https url", baseURL)
	}
	c := &Client{cfg: newConfig(opts)}
	var doer restclient.HttpRequestDoer = c.cfg.httpClient
	if c.cfg.retries > 0 {
		doer = &retryDoer{next: c.cfg.httpClient, retries: c.cfg.retries, backoff: c.cfg.backoff}
	}
	c.raw, err = restclient.NewClient(baseURL,
		restclient.WithHTTPClient(doer),
		restclient.WithRequestEditorFn(c.editRequest))
	if err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	return c, nil
}

// Raw returns the generated low-level client New built, with the same
// transport, token, headers and retries, for what the typed methods do not
// cover (reading response headers, sending a body as raw bytes).
func (c *Client) Raw() *restclient.Client { return c.raw }

// editRequest adds the headers every call carries. Values set by the
// generated request (the timezone from params) win over the defaults.
func (c *Client) editRequest(ctx context.Context, req *http.Request) error {
	req.Header.Set("Accept", "application/json")
	if c.cfg.userAgent != "" {
		req.Header.Set("User-Agent", c.cfg.userAgent)
	}
	if c.cfg.timezone != nil && req.Header.Get("x-user-timezone-offset") == "" {
		req.Header.Set("x-user-timezone-offset", strconv.Itoa(*c.cfg.timezone))
	}
	if c.cfg.token != nil && req.Header.Get("Authorization") == "" {
		tok, err := c.cfg.token(ctx)
		if err != nil {
			return fmt.Errorf("token source: %w", err)
		}
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
	}
	return nil
}

// envelope is the response body of every call, success or failure.
type envelope struct {
	Success    *bool              `json:"success"`
	Error      string             `json:"error"`
	Message    string             `json:"message"`
	Details    []Detail           `json:"details"`
	Data       json.RawMessage    `json:"data"`
	Pagination *models.Pagination `json:"pagination"`
}

// send is one request through the generated client.
type send func(ctx context.Context) (*http.Response, error)

// exchange performs a request and returns its envelope when the server
// answered 2xx with `success: true`, and an error otherwise.
func (c *Client) exchange(ctx context.Context, op string, do send) (*envelope, error) {
	resp, err := do(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody))
	if err != nil {
		return nil, fmt.Errorf("%s: read response: %w", op, err)
	}
	var env envelope
	jsonErr := json.Unmarshal(body, &env)
	ok := resp.StatusCode >= 200 && resp.StatusCode < 300
	if ok && jsonErr != nil {
		return nil, fmt.Errorf("%s: %w: status %d with a body that is not the json envelope", op, ErrUnexpectedResponse, resp.StatusCode)
	}
	if ok && env.Success != nil && *env.Success {
		return &env, nil
	}
	apiErr := &APIError{
		Operation:  op,
		StatusCode: resp.StatusCode,
		Code:       env.Error,
		Message:    env.Message,
		Details:    env.Details,
		RequestID:  resp.Header.Get("X-Request-Id"),
	}
	switch {
	case jsonErr != nil:
		apiErr.Message = plainMessage(resp.StatusCode, body)
	case ok && env.Success == nil && apiErr.Message == "":
		apiErr.Message = "the response has no success field"
	case apiErr.Message == "" && apiErr.Code == "":
		apiErr.Message = strings.ToLower(http.StatusText(resp.StatusCode))
	}
	return nil, apiErr
}

// plainMessage describes a non-JSON error body: its first line when it is
// short text, the status text otherwise.
func plainMessage(status int, body []byte) string {
	line, _, _ := bytes.Cut(bytes.TrimSpace(body), []byte("\n"))
	if len(line) > 0 && len(line) <= 200 && !bytes.ContainsAny(line, "<>") {
		return string(line)
	}
	return strings.ToLower(http.StatusText(status))
}

// call performs a request and decodes its `data` into a T.
func call[T any](ctx context.Context, c *Client, op string, do send) (*T, error) {
	env, err := c.exchange(ctx, op, do)
	if err != nil {
		return nil, err
	}
	return decodeData[T](op, env.Data)
}

// exec performs a request whose `data` the caller does not need.
func exec(ctx context.Context, c *Client, op string, do send) error {
	_, err := c.exchange(ctx, op, do)
	return err
}

func decodeData[T any](op string, raw json.RawMessage) (*T, error) {
	v := new(T)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, fmt.Errorf("%s: %w: the envelope has no data", op, ErrUnexpectedResponse)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return nil, fmt.Errorf("%s: %w: data: %v", op, ErrUnexpectedResponse, err)
	}
	return v, nil
}
