// Package load reads a contract directory into memory, keeping every node's
// source position.
//
// A contract is a folder with schemas/ (JSON Schema files) and spec/ (OpenAPI
// and AsyncAPI YAML). Load parses each file once into a yaml.Node tree (JSON is
// parsed strictly first, so a JSON syntax error is reported as such), indexes
// schema $ids, and resolves $refs between files. It reports parse problems as
// findings and never stops at the first one. Load is the first stage of the
// pipeline: load -> bundle / lint -> emit.
package load
