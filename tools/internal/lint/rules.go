package lint

import "github.com/talkamie/contract/tools/internal/diag"

// Rule describes one check: its stable code, the severity of its findings and a
// one-line summary (used for SARIF rule metadata and documentation).
type Rule struct {
	Code     string
	Severity diag.Severity
	Summary  string
}

// Rules returns every rule lint applies, in a stable order. Load's own findings
// (parse-error, duplicate-key, yaml-alias-expansion, schema-duplicate-id) are listed too, since lint reports them.
func Rules() []Rule {
	return []Rule{
		{"parse-error", diag.Error, "a file is not valid JSON or YAML, or its top level is not an object"},
		{"duplicate-key", diag.Error, "a key appears twice in one object"},
		{"yaml-alias-expansion", diag.Error, "YAML aliases expand a file beyond a million nodes (an alias bomb)"},
		{"schema-duplicate-id", diag.Error, "two schema files declare the same $id"},
		{"ref-unresolved", diag.Error, "a $ref names a file or JSON pointer that does not exist"},
		{"schema-invalid", diag.Error, "a schema is not valid against the JSON Schema 2020-12 meta-schema"},
		{"schema-dialect", diag.Error, "a schema file does not declare $schema 2020-12"},
		{"schema-unsupported-keyword", diag.Error, "a keyword with no OpenAPI 3.0 equivalent, or an unknown keyword"},
		{"schema-type-array", diag.Error, "a type array other than [T, \"null\"]"},
		{"schema-ref-siblings", diag.Error, "a $ref has siblings other than description, title and $comment"},
		{"schema-missing-id", diag.Error, "a schema file has no $id"},
		{"schema-missing-title", diag.Error, "a schema file has no title"},
		{"schema-missing-description", diag.Error, "a schema file has no description"},
		{"schema-missing-examples", diag.Error, "a schema file has no entry in examples"},
		{"schema-id-mismatch", diag.Error, "a schema's $id path does not mirror its file path"},
		{"schema-title-mismatch", diag.Error, "a schema's title is not the PascalCase of its file name"},
		{"schema-title-duplicate", diag.Error, "two schema files have the same title (the bundler's component name)"},
		{"discriminator-mapping-missing", diag.Error, "a discriminator has no explicit mapping, or a oneOf branch is missing from it"},
		{"schema-defs-name", diag.Error, "a $defs key is not PascalCase or not unique across the contract"},
		{"schema-inline-object", diag.Warning, "in a contract declaring x-named-shapes, an object with properties below a named schema is not a $defs entry of its own (generated Go gets an anonymous struct)"},
		{"schema-unused", diag.Warning, "no operation, message or reachable schema references the schema file"},
		{"operation-id-missing", diag.Error, "an operation has no operationId"},
		{"operation-id-duplicate", diag.Error, "two operations share an operationId"},
		{"response-example-missing", diag.Error, "a response with content has no example"},
		{"example-invalid", diag.Error, "an example does not validate against its schema"},
		{"schema-uncompilable", diag.Error, "a schema cannot be compiled, so its examples cannot be checked"},
		{"openapi-invalid", diag.Error, "the bundled OpenAPI document fails kin-openapi validation"},
	}
}
