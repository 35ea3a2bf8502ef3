// Package gitsrc reads the files of a git revision into memory, without a
// checkout and without touching the work tree or the index.
//
// It lists a tree with `git ls-tree -r -z` and reads every blob through one
// `git cat-file --batch` process, so a contract at `main`, `origin/main` or a
// commit becomes an fs.FS that load.FS reads like a directory.
package gitsrc
