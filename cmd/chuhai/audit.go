package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"chuhai/internal/audit"
)

func cmdAudit(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return exitError{2, "usage: chuhai audit verify [--db DSN]"}
	}
	a, _, err := open(ctx, "audit", args[1:], nil)
	if err != nil {
		return err
	}
	defer a.Close()
	n, err := audit.Verify(ctx, a.DB)
	var b *audit.Break
	if errors.As(err, &b) {
		return exitError{1, fmt.Sprintf("audit chain BROKEN after %d good entries: %v", n, b)}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "audit chain intact: %d entries verified\n", n)
	return nil
}
