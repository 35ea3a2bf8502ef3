// Package codegen renders the generated Go packages of a contract from its bundle.
//
// Each generated package under gen/ has a committed oapi-codegen configuration
// (gen/<package>/oapi-codegen.yaml, the format of oapi-codegen's -config file).
// Render runs oapi-codegen as a library on the bundled OpenAPI document for each
// configuration, entirely in memory, so the same call serves `contract gen` (write
// the files) and `contract gen --check` (compare them). Every generated file
// carries the contract's hash in its header.
package codegen
