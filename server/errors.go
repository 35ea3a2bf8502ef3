package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v5"

	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/gen/restapi"
	"github.com/talkamie/contract/gen/wsmsg"
	"github.com/talkamie/contract/internal/envelope"
	"github.com/talkamie/contract/internal/validate"
)

// ErrNotImplemented is what Unimplemented returns; the server answers it with
// 501 in the error envelope (and a not-implemented error frame on /ws).
var ErrNotImplemented = restapi.ErrNotImplemented

// Unimplemented implements every operation by returning ErrNotImplemented.
// Embed it to build the API one operation at a time:
//
//	type Impl struct{ server.Unimplemented }
type Unimplemented = restapi.Unimplemented

// Error is a failure a handler returns to answer with a given status and
// error code, in the error envelope (REST) or an error frame (WebSocket).
type Error struct {
	// Status is the HTTP status (404, 409, ...).
	Status int
	// Code is the stable kebab-case error code ("not-found", "conflict").
	Code string
	// Message is the human text the client shows.
	Message string
	// Details lists individual problems, if any.
	Details []models.ErrorDetail
	// Err is the cause, logged and never sent.
	Err error
}

// NewError returns an *Error with a status, a code and a message.
func NewError(status int, code, message string) *Error {
	return &Error{Status: status, Code: code, Message: message}
}

// Error describes the failure for logs.
func (e *Error) Error() string {
	s := fmt.Sprintf("%s (%d): %s", e.Code, e.Status, e.Message)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Error codes the server itself answers with, besides the validator's
// (malformed-request, unauthorized, payload-too-large, unsupported-media-type,
// validation-failed).
const (
	CodeNotFound         = "not-found"
	CodeMethodNotAllowed = "method-not-allowed"
	CodeNotImplemented   = "not-implemented"
	CodeInternal         = "internal-error"
	CodeInvalidResponse  = "invalid-response"
	CodeUpgradeRequired  = "upgrade-required"
	CodeForbiddenOrigin  = "forbidden-origin"
)

// failure is what any error becomes before it is rendered.
type failure struct {
	envelope.Error
	// cause is logged for server-side failures; nil for client errors.
	cause error
}

// panicError is a recovered panic; its value and stack were logged already.
type panicError struct{ value any }

func (e *panicError) Error() string { return fmt.Sprintf("panic: %v", e.value) }

// responseError is a response of the implementation that breaks the contract.
type responseError struct {
	operation string
	findings  []validate.Finding
}

func (e *responseError) Error() string {
	parts := make([]string, len(e.findings))
	for i, f := range e.findings {
		parts[i] = f.String()
	}
	return fmt.Sprintf("%s: response breaks the contract: %s", e.operation, strings.Join(parts, "; "))
}

// classify maps an error to the status, code, message and details to answer
// with. Server-side failures keep their cause for the log; their text is never
// sent.
func classify(err error) failure {
	var (
		vf  *validate.Failure
		se  *Error
		re  *responseError
		pe  *panicError
		hse echo.HTTPStatusCoder
	)
	switch {
	case errors.As(err, &vf):
		return failure{Error: envelope.Error{Status: vf.Status, Code: vf.Code, Message: vf.Message, Details: vf.Findings}}
	case errors.As(err, &se):
		f := failure{Error: envelope.Error{Status: se.Status, Code: se.Code, Message: se.Message, Details: findings(se.Details)}}
		if f.Status < 400 || f.Status > 599 {
			f.Status = http.StatusInternalServerError
		}
		if f.Code == "" {
			f.Code = codeFor(f.Status)
		}
		if f.Message == "" {
			f.Message = strings.ToLower(http.StatusText(f.Status))
		}
		if f.Status >= 500 {
			f.cause = err
		}
		return f
	case errors.Is(err, restapi.ErrNotImplemented), errors.Is(err, wsmsg.ErrNotImplemented):
		return failure{Error: envelope.Error{Status: http.StatusNotImplemented, Code: CodeNotImplemented, Message: "this operation is not implemented yet"}}
	case errors.As(err, &re):
		return failure{
			Error: envelope.Error{Status: http.StatusInternalServerError, Code: CodeInvalidResponse, Message: "the server's response does not match the contract", Details: re.findings},
			cause: err,
		}
	case errors.As(err, &pe):
		return failure{Error: internal(), cause: err}
	case errors.Is(err, context.DeadlineExceeded):
		return failure{Error: envelope.Error{Status: http.StatusServiceUnavailable, Code: "timeout", Message: "the server took too long to answer"}, cause: err}
	case errors.As(err, &hse):
		// Echo's own errors: no route, wrong method, a parameter the
		// generated binder could not parse. Their text is not ours to send.
		status := hse.StatusCode()
		switch status {
		case http.StatusNotFound:
			return failure{Error: envelope.Error{Status: status, Code: CodeNotFound, Message: "this path is not part of the API"}}
		case http.StatusMethodNotAllowed:
			return failure{Error: envelope.Error{Status: status, Code: CodeMethodNotAllowed, Message: "this method is not allowed on this path"}}
		case http.StatusBadRequest:
			return failure{Error: envelope.Error{Status: status, Code: validate.CodeMalformed, Message: "the request is malformed"}}
		}
		if status >= 400 && status < 500 {
			return failure{Error: envelope.Error{Status: status, Code: codeFor(status), Message: strings.ToLower(http.StatusText(status))}}
		}
		return failure{Error: internal(), cause: err}
	}
	return failure{Error: internal(), cause: err}
}

func internal() envelope.Error {
	return envelope.Error{Status: http.StatusInternalServerError, Code: CodeInternal, Message: "something went wrong on our side"}
}

// codeFor turns a status text into a kebab-case code ("Too Many Requests" ->
// "too-many-requests").
func codeFor(status int) string {
	text := http.StatusText(status)
	if text == "" {
		return CodeInternal
	}
	return strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(text, "-", " ")), "-"))
}

func findings(ds []models.ErrorDetail) []validate.Finding {
	if len(ds) == 0 {
		return nil
	}
	out := make([]validate.Finding, len(ds))
	for i, d := range ds {
		out[i] = validate.Finding{Location: d.Location, Code: d.Code, Message: d.Message}
	}
	return out
}

// Keys under which the error handler leaves what it answered, for AccessLog.
const (
	ctxKeyErrorCode = "talkamie.server.error-code"
	ctxKeyOperation = "talkamie.server.operation"
)

// handleError is the Echo HTTPErrorHandler: every error becomes the
// contract's error envelope.
func (s *server) handleError(c *echo.Context, err error) {
	f := classify(err)
	c.Set(ctxKeyErrorCode, f.Code)
	if f.cause != nil {
		s.log.LogAttrs(c.Request().Context(), slog.LevelError, "request failed",
			slog.String("request_id", RequestIDFrom(c.Request().Context())),
			slog.String("method", c.Request().Method),
			slog.String("path", c.Request().URL.Path),
			slog.Int("status", f.Status),
			slog.String("error", f.cause.Error()),
		)
	}
	if resp, _ := echo.UnwrapResponse(c.Response()); resp != nil && resp.Committed {
		return
	}
	body := s.env.Render(f.Error)
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	h.Del("Content-Length")
	c.Response().WriteHeader(f.Status)
	if c.Request().Method != http.MethodHead {
		_, _ = c.Response().Write(body)
	}
}
