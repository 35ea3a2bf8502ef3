// Package contracttest holds the Talkamie-specific tests of the real contract in this
// repository: it lints with no errors, every name of the seed doc tree (schemas,
// HTTP operations, WebSocket actions; kept under testdata/) is present, and the committed
// gen/ bundle is what bundling the sources produces now.
//
// The lint and bundle tools themselves are generic; whatever is particular to Talkamie is
// checked here. The package has tests only.
package contracttest
