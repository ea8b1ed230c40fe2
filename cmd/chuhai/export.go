package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"chuhai/internal/app"
	"chuhai/internal/directory"
)

const exportUsage = `usage:
  chuhai export enterprises|providers --out FILE [--format xlsx|csv] [--district CODE] [--category CODE] [--status S]
Writes the directory (or the part the filters select) with the import's Chinese column headers; cells
that a spreadsheet would take for a formula are neutralised.`

func cmdExport(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg app.Config
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	common(fs, &cfg)
	out := fs.String("out", "", "file to write")
	format := fs.String("format", directory.FormatXLSX, "xlsx or csv")
	district := fs.String("district", "", "enterprises: home district code or name")
	category := fs.String("category", "", "providers: category code")
	status := fs.String("status", "", "status filter")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" || pos[0] != directory.KindEnterprises && pos[0] != directory.KindProviders ||
		*format != directory.FormatXLSX && *format != directory.FormatCSV {
		return exitError{2, exportUsage}
	}
	a, err := app.Open(ctx, cfg, logger(os.Stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	if ok, err := a.DB.Current(ctx, app.Modules()...); err != nil || !ok {
		return exitError{1, "the database is not migrated; run: chuhai migrate up"}
	}
	f, err := os.Create(*out)
	if err != nil {
		return exitError{1, err.Error()}
	}
	var n int
	if pos[0] == directory.KindEnterprises {
		n, err = a.Directory.ExportEnterprises(ctx, directory.EnterpriseFilter{District: *district, Status: *status, Sort: "district"}, *format, f)
	} else {
		n, err = a.Directory.ExportProviders(ctx, directory.ProviderFilter{Category: *category, Status: *status}, *format, f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(*out)
		return bilingual(a.Cat, *out, err)
	}
	fmt.Fprintf(stdout, "wrote %d %s to %s / 已导出 %d 条\n", n, pos[0], *out, n)
	return nil
}
