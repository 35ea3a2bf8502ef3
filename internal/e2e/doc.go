// Package e2e holds the end-to-end tests: the generated server (with
// server/example) and the mock, driven through the typed client and the CLI over
// real loopback sockets. It has no code of its own; everything is in its tests.
package e2e
