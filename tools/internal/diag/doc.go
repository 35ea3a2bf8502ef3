// Package diag defines findings: the problems the contract tools report.
//
// A finding is data: a stable kebab-case code, a severity, a position in a source
// file (and, where it helps, a JSON pointer), and a message that never echoes
// secrets or whole schemas. Lint, bundle, diff and verify all report findings,
// so every report has one shape and one set of formats.
package diag
