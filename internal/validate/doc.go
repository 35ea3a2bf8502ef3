// Package validate checks HTTP requests and JSON values against an OpenAPI 3.0
// document with kin-openapi and turns every failure into findings.
//
// A finding is data: a location (body.coins, query.pageSize,
// header.Authorization, path.userId, body), a stable kebab-case code (required,
// type, enum, format, minimum, maximum, min-length, max-length, pattern,
// unknown-field, malformed-json, missing-token, ...) and a short message written
// here. kin-openapi's own error text is never copied into a finding: it embeds
// whole schemas and the offending values.
//
// The validator also accepts the quirks of the real Talkamie web client: empty
// query values count as absent, numbers arrive as strings in the query,
// "Authorization: Bearer undefined" means no token, and
// "Content-Type: application/json" on a request without a body is fine.
//
// Both the mock server and the generated server use this package, so a bad
// request gets the same answer from either.
package validate
