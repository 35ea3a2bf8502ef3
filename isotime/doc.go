// Package isotime is the Go type of the contract's timestamps.
//
// The API writes every instant as JavaScript's Date#toISOString() does: UTC, with
// milliseconds and a Z (2025-09-01T10:15:00.000Z). time.Time's own JSON encoding
// drops a zero fraction and keeps the local offset, so the generated models use
// Time instead, which always writes that form and reads any RFC 3339 timestamp.
package isotime
