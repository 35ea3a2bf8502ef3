// Package lint checks a contract directory and reports every problem as a
// positioned finding.
//
// The checks are generic: they work on any contract written in the dialect of
// docs/contract-style.md (JSON Schema 2020-12 files under schemas/, OpenAPI
// 3.0 and AsyncAPI 3.0 documents under spec/). Each rule has a stable
// kebab-case code (see Rules); findings point at the offending node as
// file:line:col and carry its JSON pointer. Schemas are compiled once per run
// with santhosh-tekuri/jsonschema/v6 and cached, so examples are validated
// against their schemas with every $ref resolved. Lint sits after load in the
// pipeline: load -> lint / bundle -> emit.
package lint
