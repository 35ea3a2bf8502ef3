// Command browser checks the living mock's pages in headless Chromium: the
// API docs (/docs, Swagger UI, and /docs/ws) render, and the top-up checkout
// page renders, its Pay and Cancel buttons work and the browser lands on the
// web app's return page. It starts the mock in-process on loopback, drives
// Chromium over the DevTools protocol and prints one line per check; check.sh
// installs Debian's chromium when it is missing and runs it.
package main
