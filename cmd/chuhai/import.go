package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"chuhai/internal/app"
	"chuhai/internal/audit"
	"chuhai/internal/directory"
	"chuhai/internal/i18n"
)

const importUsage = `usage:
  chuhai import enterprises|providers FILE [--dry-run] [--valid-only]
FILE is an .xlsx workbook or a CSV (UTF-8, UTF-16 or GBK) with the directory's Chinese column headers
(chuhai export … writes them). Nothing is written while any row is invalid, unless --valid-only.`

func cmdImport(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg app.Config
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	common(fs, &cfg)
	dryRun := fs.Bool("dry-run", false, "check the file and report; write nothing")
	validOnly := fs.Bool("valid-only", false, "import the valid rows even if others are invalid")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || pos[0] != directory.KindEnterprises && pos[0] != directory.KindProviders {
		return exitError{2, importUsage}
	}
	data, err := readImportFile(pos[1])
	if err != nil {
		return exitError{1, err.Error()}
	}
	a, err := app.Open(ctx, cfg, logger(os.Stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	if ok, err := a.DB.Current(ctx, app.Modules()...); err != nil || !ok {
		return exitError{1, "the database is not migrated; run: chuhai migrate up"}
	}
	ctx = audit.WithMeta(ctx, audit.Meta{ActorLogin: cliActor(), RequestID: "cli-import"})
	start := time.Now()
	rep, err := a.Directory.Import(ctx, pos[0], data, directory.ImportOptions{DryRun: *dryRun, ValidOnly: *validOnly})
	if err != nil {
		return bilingual(a.Cat, pos[1], err)
	}
	for _, e := range rep.Errors {
		where := fmt.Sprintf("row %d", e.Row)
		if e.Column != "" {
			where += " " + e.Column
		}
		if e.Cell != "" {
			where += " (" + e.Cell + ")"
		}
		fmt.Fprintf(stdout, "%s: %s / %s\n", where, a.Cat.T(i18n.Chinese, e.Key, e.Args), a.Cat.T(i18n.English, e.Key, e.Args))
	}
	if rep.Truncated {
		fmt.Fprintln(stdout, "… more errors not listed / 其余错误未列出")
	}
	fmt.Fprintf(stdout, "%d rows: %d valid, %d invalid; %d to add, %d to update (%s)\n", rep.Rows, rep.Valid, rep.Invalid, rep.ToCreate,
		rep.ToUpdate, time.Since(start).Round(time.Millisecond))
	switch {
	case rep.Committed:
		fmt.Fprintf(stdout, "imported: %d added, %d updated / 已导入：新增 %d，更新 %d\n", rep.Created, rep.Updated, rep.Created, rep.Updated)
	case rep.DryRun:
		fmt.Fprintln(stdout, "dry run: nothing written / 预览：未写入")
	default:
		return exitError{1, "nothing imported: correct the rows above or use --valid-only / 未导入：请修改上述各行，或使用 --valid-only"}
	}
	return nil
}

// readImportFile reads at most the import limit, so a huge file fails fast.
func readImportFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, directory.MaxImportBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > directory.MaxImportBytes {
		return nil, fmt.Errorf("%s is larger than %d MB / 文件超过 %d MB", path, directory.MaxImportBytes>>20, directory.MaxImportBytes>>20)
	}
	return data, nil
}
