package main

import (
	"context"
	"io"
)

// STUB: the pre-commit work replaces this file.

func runHook(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return usageErrorf("'hook' is not implemented yet")
}
