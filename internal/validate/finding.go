package validate

import (
	"fmt"
	"net/http"
	"strings"
)

// Finding is one problem with a request or a value.
type Finding struct {
	// Location names where the problem is: "body", "body.coins",
	// "body.interests[0].name", "query.pageSize", "header.Authorization",
	// "path.userId".
	Location string `json:"location"`
	// Code is a stable kebab-case code such as "required" or "malformed-json".
	Code string `json:"code"`
	// Message is a short human text. It never echoes the offending value.
	Message string `json:"message"`
}

// String renders the finding on one line.
func (f Finding) String() string { return f.Location + ": " + f.Code + ": " + f.Message }

// Error codes a Failure carries, one per HTTP status the validator answers with.
const (
	CodeMalformed            = "malformed-request"
	CodeUnauthorized         = "unauthorized"
	CodeTooLarge             = "payload-too-large"
	CodeUnsupportedMediaType = "unsupported-media-type"
	CodeInvalid              = "validation-failed"
)

// Failure is a rejected request: the status to answer with, a stable error
// code for the error envelope, a summary and one finding per problem.
type Failure struct {
	Status   int
	Code     string
	Message  string
	Findings []Finding
}

// Error summarises the failure; it is safe to log.
func (f *Failure) Error() string {
	parts := make([]string, len(f.Findings))
	for i, fd := range f.Findings {
		parts[i] = fd.String()
	}
	return fmt.Sprintf("%s (%d): %s", f.Code, f.Status, strings.Join(parts, "; "))
}

// Malformed is a 400 failure: the request cannot be parsed.
func Malformed(findings ...Finding) *Failure {
	return &Failure{Status: http.StatusBadRequest, Code: CodeMalformed, Message: "the request is malformed", Findings: findings}
}

// UnauthorizedMessage is the message of an Unauthorized failure unless a
// Validator is given its own with WithUnauthorizedMessage.
const UnauthorizedMessage = "authentication is required"

// Unauthorized is a 401 failure: the security requirements are not met.
func Unauthorized(findings ...Finding) *Failure {
	return &Failure{Status: http.StatusUnauthorized, Code: CodeUnauthorized, Message: UnauthorizedMessage, Findings: findings}
}

// TooLarge is a 413 failure for a body over limit bytes.
func TooLarge(limit int64) *Failure {
	return &Failure{
		Status:  http.StatusRequestEntityTooLarge,
		Code:    CodeTooLarge,
		Message: "the request body is larger than " + byteSize(limit),
		Findings: []Finding{{
			Location: "body", Code: "too-large",
			Message: "the body must not be larger than " + byteSize(limit),
		}},
	}
}

// UnsupportedMediaType is a 415 failure: the body's media type is not one the
// operation accepts.
func UnsupportedMediaType(accepted []string) *Failure {
	msg := "send the body as " + strings.Join(accepted, " or ")
	return &Failure{
		Status:   http.StatusUnsupportedMediaType,
		Code:     CodeUnsupportedMediaType,
		Message:  msg,
		Findings: []Finding{{Location: "header.Content-Type", Code: "unsupported-media-type", Message: msg}},
	}
}

// Invalid is a 422 failure: the request is well-formed but breaks the contract.
func Invalid(findings ...Finding) *Failure {
	return &Failure{Status: http.StatusUnprocessableEntity, Code: CodeInvalid, Message: "the request does not match the contract", Findings: findings}
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
