package main

import (
	"context"
	"errors"
	"io"
)

// runBundle is replaced by the real command; it exists so the CLI builds while it is written.
func runBundle(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("bundle: not built yet")
}
