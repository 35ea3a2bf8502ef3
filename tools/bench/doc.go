// Package bench holds the load benchmark of the mock server: a Go load
// generator (loadgen), the ceiling it is compared with (a bare Echo handler
// serving the same bytes, ceiling) and run.sh, which drives the mock, the
// ceiling and Stoplight Prism 5 with the same request mix (`make bench-mock`).
// Results go to docs/benchmarks.md.
package bench
