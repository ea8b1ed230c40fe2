package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"chuhai/internal/db"
)

func cmdBackup(ctx context.Context, args []string, stdout io.Writer) error {
	var to string
	a, _, err := open(ctx, "backup", args, func(fs *flag.FlagSet) {
		fs.StringVar(&to, "to", "", "file to write the backup to (must not exist)")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	if to == "" {
		return exitError{2, "usage: chuhai backup --to FILE"}
	}
	if a.DB.Dialect() != db.SQLite {
		return exitError{2, "backup is for the embedded SQLite database; for PostgreSQL use pg_dump (see README)"}
	}
	if _, err := os.Stat(to); err == nil {
		return exitError{2, to + " already exists; choose a new file"}
	}
	// VACUUM INTO writes a consistent copy while the server keeps running.
	if _, err := a.DB.Exec(ctx, `VACUUM INTO $1`, to); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "backup written to %s\n", to)
	return nil
}
