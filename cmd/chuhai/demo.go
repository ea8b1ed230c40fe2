package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"chuhai/internal/app"
	"chuhai/internal/auth"
	"chuhai/internal/demo"
)

// cmdDemo migrates, loads the demo data (idempotently), serves, and prints the demo logins once the
// server is listening.
func cmdDemo(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg app.Config
	var scale int
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	common(fs, &cfg)
	serverFlags(fs, &cfg)
	fs.IntVar(&scale, "scale", 0, "also add this many sample service points (for load tests)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if scale < 0 || scale > 500_000 {
		return exitError{2, "--scale must be between 0 and 500000"}
	}
	a, err := app.Open(ctx, cfg, logger(os.Stderr))
	if err != nil {
		return err
	}
	err = a.Migrate(ctx)
	if err == nil {
		err = demo.Load(ctx, a)
	}
	if err == nil {
		err = demo.LoadCasework(ctx, a)
	}
	if err == nil {
		err = demo.Scale(ctx, a, scale)
	}
	a.Close()
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	return serve(ctx, cfg, stdout, func(*app.App) error { return printLogins(stdout) })
}

// printLogins writes the table of demo accounts.
func printLogins(stdout io.Writer) error {
	fmt.Fprintln(stdout, "\nDemo accounts (sample data only — these passwords are public):")
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LOGIN\tPASSWORD\tROLE\tWHERE")
	for _, acc := range demo.Accounts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s / %s\n", acc.Login, acc.Password, acc.Role, acc.WhereZh, acc.WhereEn)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, acc := range demo.Accounts {
		if acc.Role == auth.SystemAdmin {
			fmt.Fprintf(stdout, "\n%s also needs a one-time code (the platform requires a second factor of administrators).\n"+
				"Get the current one with:  chuhai user totp --login %s   (with this demo's --db or --data)\n", acc.Login, acc.Login)
		}
	}
	return nil
}
