// Package bundle turns a loaded contract into two self-contained documents: one
// OpenAPI 3.0.3 file and one AsyncAPI 3.0 file, byte-for-byte deterministic.
//
// It is the stage after load in the pipeline load -> bundle -> emit. The OpenAPI
// document starts from the contract's OpenAPI root: path items written in
// spec/paths/*.yaml are inlined, references back to the root's own components
// become local, every JSON Schema file (referenced or not) and every $defs entry
// becomes a component under components/schemas named by its title or $defs key,
// and the JSON Schema 2020-12 dialect is converted to OpenAPI 3.0.3 Schema
// Objects (type arrays with "null" -> nullable, const -> enum, numeric exclusive
// bounds -> boolean ones, examples -> example). The AsyncAPI document starts from
// the AsyncAPI root and carries the schemas its messages reference, transitively,
// in the draft-07 compatible form AsyncAPI 3.0 reads by default.
//
// Problems (unresolved references, component name collisions, constructs with no
// OpenAPI 3.0 equivalent) are reported as diag findings with positions, all of
// them, never only the first.
package bundle
