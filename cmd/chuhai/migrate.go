package main

import (
	"context"
	"fmt"
	"io"

	"chuhai/internal/app"
)

func cmdMigrate(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || (args[0] != "up" && args[0] != "status") {
		return exitError{2, "usage: chuhai migrate up|status [--db DSN]"}
	}
	a, _, err := open(ctx, "migrate", args[1:], nil)
	if err != nil {
		return err
	}
	defer a.Close()
	if args[0] == "up" {
		if err := a.Migrate(ctx); err != nil {
			return err
		}
	}
	st, err := a.DB.Status(ctx, app.Modules()...)
	if err != nil {
		return err
	}
	for _, s := range st {
		state := "current"
		if s.Pending() {
			state = "pending"
		}
		fmt.Fprintf(stdout, "%-12s version %d of %d  %s\n", s.Module, s.Current, s.Target, state)
	}
	return nil
}
