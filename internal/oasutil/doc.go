// Package oasutil answers small questions about an OpenAPI document that more
// than one part of the toolkit asks (the mock, the verifier, the error
// envelope): the path prefix its operations are served under, and the
// component name a schema file becomes. It knows no particular contract.
package oasutil
