// Package report writes findings in the formats the contract tools share: text for
// people, json for programs, github-actions annotations, JUnit XML and SARIF 2.1.0 for
// CI systems. Lint, diff and verify all print their findings through it, so every
// command offers the same formats with the same finding shape.
package report
