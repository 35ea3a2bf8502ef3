package main

import (
	"context"
	"errors"
	"io"
)

// runMock is replaced by the real command; it exists so the CLI builds while it is written.
func runMock(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("mock: not built yet")
}
