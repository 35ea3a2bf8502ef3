package main

import (
	"context"
	"errors"
	"io"
)

// runLint is replaced by the real command; it exists so the CLI builds while it is written.
func runLint(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("lint: not built yet")
}
