package main

import (
	"context"
	"io"
)

func cmdUser(ctx context.Context, args []string, stdout io.Writer) error {
	return exitError{2, "user: not built yet"}
}

func cmdToken(ctx context.Context, args []string, stdout io.Writer) error {
	return exitError{2, "token: not built yet"}
}
