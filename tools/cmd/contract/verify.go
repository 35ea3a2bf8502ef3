package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/talkamie/contract/gen"
	"github.com/talkamie/contract/tools/internal/verify"
)

// verifyUsage is the text of `contract verify -h` above the flags.
const verifyUsage = "usage: contract verify --target <base-url> [--ws <url>] [--token <bearer>] [--allow <file>] [--format text|json|junit] [--contract-dir <dir>]\n\n" +
	"Sends every documented request example to a running implementation and checks that each answer's status is\n" +
	"documented and its body valid; sends a body without a required field, with a wrong-typed field and, on secured\n" +
	"operations, no credentials, each of which must get a documented 4xx error. With --ws it authenticates the socket,\n" +
	"sends every client action's examples, awaits the declared replies and validates every frame. A 501 answer is\n" +
	"reported as unimplemented. Exit status: 0 pass, 1 any violation not allowed by --allow, 2 could not run.\n\nflags:"

// runVerify checks a running implementation against the contract. It exits 0 when
// every check passes (or its failures are allowed), 1 on any other violation, 2 when
// it could not run.
func runVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("verify", verifyUsage, stderr)
	target := fs.String("target", "", "the base URL of the REST API, e.g. http://127.0.0.1:4010 (the document's base path /v1 is added when the URL has no path)")
	ws := fs.String("ws", "", "the WebSocket URL, e.g. ws://127.0.0.1:4010/ws; empty skips the WebSocket checks")
	token := fs.String("token", "", "bearer token for secured operations and the socket (default: sign in as the contract's x-verify says; $CONTRACT_VERIFY_TOKEN)")
	allow := fs.String("allow", "", "a YAML allow file of known failures (check id or fingerprint, reason, optional expires)")
	format := fs.String("format", "text", "output format: text, json or junit")
	dir := fs.String("contract-dir", "", "verify against the contract in this directory (schemas/ and spec/) instead of the embedded bundle")
	timeout := fs.Duration("timeout", 10*time.Second, "time limit of each HTTP request and of the WebSocket handshake")
	replyTimeout := fs.Duration("reply-timeout", 5*time.Second, "how long a WebSocket reply is awaited")
	if done, err := parseFlags(fs, args, "target"); done {
		return err
	}
	f, err := verify.ParseFormat(*format)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	opts := verify.Options{Target: *target, WebSocket: *ws, Token: *token, Timeout: *timeout, ReplyTimeout: *replyTimeout}
	if opts.Token == "" {
		opts.Token = os.Getenv("CONTRACT_VERIFY_TOKEN")
	}
	if *allow != "" {
		data, err := os.ReadFile(*allow)
		if err != nil {
			return fmt.Errorf("verify: %w", err)
		}
		if opts.Baseline, err = verify.ParseBaseline(data); err != nil {
			return fmt.Errorf("verify: %s: %w", *allow, err)
		}
	}
	spec := verify.Spec{OpenAPI: gen.OpenAPI, AsyncAPI: gen.AsyncAPI}
	if *dir != "" {
		if spec, err = bundleDir(*dir); err != nil {
			return fmt.Errorf("verify: %w", err)
		}
	}
	rep, err := verify.Run(ctx, spec, opts)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	if err := rep.Write(stdout, f); err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	if rep.Failed() {
		return exitError{1}
	}
	return nil
}

// bundleDir loads and bundles the contract in dir.
func bundleDir(dir string) (verify.Spec, error) {
	res, findings, err := loadBundle(dir)
	if err != nil {
		return verify.Spec{}, err
	}
	if findings.HasErrors() {
		findings.Sort()
		return verify.Spec{}, fmt.Errorf("the contract in %s does not bundle:\n%w", dir, findings)
	}
	return verify.Spec{OpenAPI: res.OpenAPI, AsyncAPI: res.AsyncAPI}, nil
}
