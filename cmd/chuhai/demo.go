package main

import (
	"context"
	"flag"
	"io"

	"chuhai/internal/app"
)

func cmdDemo(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg app.Config
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	common(fs, &cfg)
	serverFlags(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	return serve(ctx, cfg, stdout, nil)
}
