package client

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/talkamie/contract/gen/models"
)

// Detail is one problem the server found in a request: where it is
// (`body.coins`, `query.pageSize`, `header.Authorization`, ...), a stable code
// and a human-readable message.
type Detail = models.ErrorDetail

// Sentinels an *APIError matches with errors.Is, by HTTP status (or, for a
// WebSocket error frame, by its statusCode).
var (
	// ErrBadRequest matches a 400 (malformed request).
	ErrBadRequest = errors.New("bad request")
	// ErrUnauthorized matches a 401 (missing, malformed or unknown token).
	ErrUnauthorized = errors.New("unauthorized")
	// ErrNotFound matches a 404 (unknown id in the path).
	ErrNotFound = errors.New("not found")
	// ErrConflict matches a 409.
	ErrConflict = errors.New("conflict")
	// ErrValidation matches a 422 (the request does not match the contract).
	ErrValidation = errors.New("validation failed")
	// ErrTooManyRequests matches a 429.
	ErrTooManyRequests = errors.New("too many requests")
	// ErrNotImplemented matches a 501 (the server has not built the operation yet).
	ErrNotImplemented = errors.New("not implemented")
)

// ErrUnexpectedResponse is wrapped by the errors returned for a 2xx answer that
// is not the contract's envelope (not JSON, or a `data` the operation's type
// cannot hold).
var ErrUnexpectedResponse = errors.New("unexpected response")

// APIError is an error answered by the server: a non-2xx status, a 2xx whose
// envelope says `success: false` (the real API does that), or a WebSocket error
// frame.
type APIError struct {
	// Operation is the operationId (REST) or the canonical action (WebSocket)
	// that failed.
	Operation string
	// StatusCode is the HTTP status; for a WebSocket frame, its statusCode (0
	// when absent).
	StatusCode int
	// Code is the envelope's `error`: a stable kebab-case code such as
	// `validation-failed` or `not-found` (empty when the server sent none).
	Code string
	// Message is the envelope's human-readable `message`.
	Message string
	// Details lists each problem, when the server points at them.
	Details []Detail
	// RequestID is the X-Request-Id response header, when present.
	RequestID string
}

// Error returns "<operation>: <status> <code>: <message>" followed by the
// details, if any.
func (e *APIError) Error() string {
	var b strings.Builder
	if e.Operation != "" {
		b.WriteString(e.Operation)
		b.WriteString(": ")
	}
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, "%d ", e.StatusCode)
	}
	code := e.Code
	if code == "" {
		code = "error"
	}
	b.WriteString(code)
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	for i, d := range e.Details {
		if i == 0 {
			b.WriteString(" (")
		} else {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s: %s", d.Location, d.Message)
		if i == len(e.Details)-1 {
			b.WriteString(")")
		}
	}
	return b.String()
}

// Is reports whether target is the sentinel for e's status.
func (e *APIError) Is(target error) bool {
	s := sentinel(e.StatusCode)
	return s != nil && s == target
}

func sentinel(status int) error {
	switch status {
	case http.StatusBadRequest:
		return ErrBadRequest
	case http.StatusUnauthorized:
		return ErrUnauthorized
	case http.StatusNotFound:
		return ErrNotFound
	case http.StatusConflict:
		return ErrConflict
	case http.StatusUnprocessableEntity:
		return ErrValidation
	case http.StatusTooManyRequests:
		return ErrTooManyRequests
	case http.StatusNotImplemented:
		return ErrNotImplemented
	}
	return nil
}
