package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"chuhai/internal/app"
	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/i18n"
	"chuhai/internal/workday"
)

const calendarUsage = `usage:
  chuhai calendar load FILE          load one year's calendar (replaces that region and year)
  chuhai calendar show YEAR [--region CN]   print the calendar in force, in the file format
  chuhai calendar list               list the years loaded into the database
File format: "region CN" (optional), "year 2026", then lines "2026-10-01 off 国庆节" / "2026-10-10 on 调休上班".`

func cmdCalendar(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return exitError{2, calendarUsage}
	}
	var cfg app.Config
	fs := flag.NewFlagSet("calendar "+args[0], flag.ContinueOnError)
	common(fs, &cfg)
	region := fs.String("region", workday.China, "calendar region for show (ISO 3166-1 alpha-2)")
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return err
	}
	year := 0
	switch {
	case args[0] == "load" && len(pos) == 1, args[0] == "list" && len(pos) == 0:
	case args[0] == "show" && len(pos) == 1:
		year, err = strconv.Atoi(pos[0])
		if err != nil || year < workday.MinYear || year > workday.MaxYear {
			return exitError{2, fmt.Sprintf("calendar show: YEAR must be %d–%d", workday.MinYear, workday.MaxYear)}
		}
	default:
		return exitError{2, calendarUsage}
	}
	a, err := app.Open(ctx, cfg, logger(os.Stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	if ok, err := a.DB.Current(ctx, app.Modules()...); err != nil || !ok {
		return exitError{1, "the database is not migrated; run: chuhai migrate up"}
	}
	switch args[0] {
	case "load":
		return calendarLoad(ctx, a, pos[0], stdout)
	case "show":
		return calendarShow(ctx, a, strings.ToUpper(*region), year, stdout)
	}
	return calendarList(ctx, a, stdout)
}

func calendarLoad(ctx context.Context, a *app.App, path string, stdout io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return exitError{1, err.Error()}
	}
	defer f.Close()
	y, err := workday.Parse(f)
	if err != nil {
		return bilingual(a.Cat, path, err)
	}
	_, before, err := a.Workday.Year(ctx, y.Region, y.Year)
	if err != nil {
		return err
	}
	ctx = audit.WithMeta(ctx, audit.Meta{ActorLogin: cliActor()})
	if err := a.Workday.LoadYear(ctx, y); err != nil {
		return bilingual(a.Cat, path, err)
	}
	off, on := y.Counts()
	was := map[workday.Source]string{
		workday.FromDatabase: "替换了此前载入的版本 / replacing the one loaded before",
		workday.FromBuiltin:  "替换了内置版本 / replacing the built-in one",
		workday.FromNowhere:  "此前未发布，按周末计算 / previously unpublished, counted by weekends only",
	}[before]
	fmt.Fprintf(stdout, "已载入 %s %d 年日历：放假 %d 天，调休上班 %d 天（%s）\nloaded the %s %d calendar: %d days off, %d make-up working days\n",
		y.Region, y.Year, off, on, was, y.Region, y.Year, off, on)
	return nil
}

func calendarShow(ctx context.Context, a *app.App, region string, year int, stdout io.Writer) error {
	y, src, err := a.Workday.Year(ctx, region, year)
	if err != nil {
		return err
	}
	if src == workday.FromNowhere {
		return exitError{1, fmt.Sprintf("%s %d 年日历尚未载入：该年按周末计算，结果均为暂定。\nno calendar loaded for %s %d: that year is counted by weekends only and every result is provisional.",
			region, year, region, year)}
	}
	cal, err := workday.NewCalendar(region, y)
	if err != nil {
		return err
	}
	first, last := workday.NewDate(year, 1, 1), workday.NewDate(year, 12, 31)
	n, _ := cal.WorkdaysBetween(first.AddDays(-1), last)
	origin := map[workday.Source]string{workday.FromDatabase: "database / 数据库（管理员载入）", workday.FromBuiltin: "built-in / 内置"}[src]
	off, on := y.Counts()
	fmt.Fprintf(stdout, "# %s %d — source: %s\n# 工作日 %d 天；放假 %d 天，调休上班 %d 天 / %d working days; %d days off, %d make-up working days\n",
		region, year, origin, n, off, on, n, off, on)
	return workday.Format(stdout, y)
}

func calendarList(ctx context.Context, a *app.App, stdout io.Writer) error {
	loaded, err := a.Workday.Loaded(ctx)
	if err != nil {
		return err
	}
	if len(loaded) == 0 {
		fmt.Fprintln(stdout, "no calendars loaded; the built-in ones apply / 尚未载入日历，使用内置日历")
		return nil
	}
	for _, l := range loaded {
		fmt.Fprintf(stdout, "%s %d  off %d  on %d  loaded by %s at %s\n", l.Region, l.Year, l.Off, l.On, l.LoadedBy, l.UpdatedAt.UTC().Format("2006-01-02 15:04:05Z"))
	}
	return nil
}

// bilingual renders a validation error line by line in Chinese and English.
func bilingual(cat *i18n.Catalogue, path string, err error) error {
	e, ok := apperr.As(err)
	if !ok || len(e.Fields) == 0 {
		if ok {
			return exitError{1, cat.T(i18n.Chinese, e.Key, e.Args) + " / " + cat.T(i18n.English, e.Key, e.Args)}
		}
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: 日历有误，未载入 / the calendar has errors and was not loaded", path)
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "\n  %s: %s\n  %s  %s", f.Name, cat.T(i18n.Chinese, f.Key, f.Args), strings.Repeat(" ", len(f.Name)), cat.T(i18n.English, f.Key, f.Args))
	}
	return exitError{1, b.String()}
}

func cliActor() string {
	if u := os.Getenv("USER"); u != "" {
		return "cli:" + u
	}
	return "cli"
}

// parseInterleaved parses flags that may come before or after positional arguments
// ("calendar load FILE --db X") and returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
