// Package e2e holds the end-to-end tests of the toolkit, all in memory over
// httptest: the typed client against the generated server with
// server/example, the CLI against the mock, and the example contracts. It has
// no code of its own.
package e2e
