// Package oasutil answers small questions about an OpenAPI document that more
// than one part of the toolkit asks (the mock, the verifier): today, the path
// prefix its operations are served under. It knows no particular contract.
package oasutil
