// Package envelope renders error bodies in the shape a contract declares.
//
// An OpenAPI document declares its error body at the root with the
// x-error-envelope extension (docs/contract-style.md §3):
//
//	x-error-envelope:
//	  schema: '#/components/schemas/ErrorEnvelope'   # or {$ref: ...}, or a file path whose name matches a component
//	  template:
//	    success: false
//	    error: "{{code}}"
//	    message: "{{message}}"
//	    details: "{{details}}"
//
// Placeholders are {{status}} (the HTTP status), {{code}} (a stable kebab-case
// error code), {{message}} (human text) and {{details}} (the list of
// {location, code, message} findings). A template string that is exactly one
// placeholder is replaced by the typed value; a key whose value would be empty
// (no details) is left out. Placeholders inside longer strings are replaced by
// their text.
//
// A document without the extension gets the default shape:
//
//	{"status": 422, "error": "validation-failed", "message": "...", "details": [{"location": "...", "code": "...", "message": "..."}]}
//
// The envelope's schema is exposed so callers (and tests) can check every
// rendered body against it.
package envelope
