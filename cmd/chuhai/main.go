// Command chuhai is the whole platform in one binary: chuhai serve | demo | migrate | user | token |
// audit | calendar | backup. Every subcommand takes --db/--data (or CHUHAI_DB/CHUHAI_DATA).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"chuhai/internal/app"
)

const usage = `chuhai — 出海综合服务平台 / going-global service platform

Usage:
  chuhai serve    [--addr 127.0.0.1:8080] [--db DSN] [--data DIR]   run the platform
  chuhai demo     [--addr ...] [--db ...]      migrate, load demo data, serve, print demo logins
  chuhai migrate  up|status [--db ...]
  chuhai user     create --login L --password P --role R [--name N] [--point CODE|--enterprise USCC|--provider ID]
  chuhai user     totp --login L               print the account's current TOTP code (demo; operators at the console)
  chuhai user     password|reset-totp --login L  reset a forgotten password or a lost second factor
  chuhai token    create --login L [--name N]  print a new API token
  chuhai audit    verify [--anchor ID:HASH]    check the audit hash chain (and an earlier head)
  chuhai calendar load FILE | show YEAR [--region CN] | list   working-day calendars (holidays, 调休)
  chuhai backup   --to FILE                    online SQLite backup (PostgreSQL: use pg_dump)
  chuhai import   enterprises|providers FILE [--dry-run] [--valid-only]   directory from xlsx or CSV
  chuhai export   enterprises|providers --out FILE [--format xlsx|csv]    directory to xlsx or CSV
  chuhai search   reindex [--kind K]           rebuild the search index from the records it describes

Every flag falls back to the environment: --addr CHUHAI_ADDR, --db CHUHAI_DB, --data CHUHAI_DATA, ...
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one subcommand and returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	cmds := map[string]func(context.Context, []string, io.Writer) error{
		"serve":    cmdServe,
		"demo":     cmdDemo,
		"migrate":  cmdMigrate,
		"user":     cmdUser,
		"token":    cmdToken,
		"audit":    cmdAudit,
		"calendar": cmdCalendar,
		"backup":   cmdBackup,
		"import":   cmdImport,
		"export":   cmdExport,
		"search":   cmdSearch,
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err := cmd(ctx, args[1:], stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		var ee exitError
		if errors.As(err, &ee) {
			fmt.Fprintln(stderr, "chuhai:", ee.msg)
			return ee.code
		}
		fmt.Fprintln(stderr, "chuhai:", err)
		return 1
	}
	return 0
}

type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

// common registers the flags every subcommand shares.
func common(fs *flag.FlagSet, cfg *app.Config) {
	fs.StringVar(&cfg.DataDir, "data", env("CHUHAI_DATA", "./chuhai-data"), "data directory for the default SQLite database")
	fs.StringVar(&cfg.DB, "db", env("CHUHAI_DB", ""), "database: a postgres:// DSN, or a SQLite file (default DATA/chuhai.db)")
	fs.StringVar(&cfg.AuditHash, "audit-hash", env("CHUHAI_AUDIT_HASH", "sha256"), "audit chain hash: sha256 or sm3")
}

func serverFlags(fs *flag.FlagSet, cfg *app.Config) {
	fs.StringVar(&cfg.Addr, "addr", env("CHUHAI_ADDR", "127.0.0.1:8080"), "listen address")
	fs.BoolVar(&cfg.TLS, "tls", envBool("CHUHAI_TLS"), "served over HTTPS (directly or behind a proxy): secure cookies and HSTS")
	fs.BoolVar(&cfg.TrustProxy, "trust-proxy", envBool("CHUHAI_TRUST_PROXY"), "take client addresses from X-Forwarded-For")
	fs.DurationVar(&cfg.IdleTimeout, "session-idle", envDuration("CHUHAI_SESSION_IDLE", 30*time.Minute), "sign out after this long without activity")
	fs.DurationVar(&cfg.MaxSession, "session-max", envDuration("CHUHAI_SESSION_MAX", 12*time.Hour), "absolute session lifetime")
	fs.DurationVar(&cfg.MembershipCache, "membership-cache", envDuration("CHUHAI_MEMBERSHIP_CACHE", 5*time.Second),
		"how long provider matching reuses its snapshot of alliance memberships (0: read afresh every time)")
	fs.DurationVar(&cfg.ReadCache, "read-cache", envDuration("CHUHAI_READ_CACHE", time.Second),
		"how long an instance reuses the service network's lists and resolved sign-ins; also the longest a revocation takes to reach other instances (0: read afresh every time)")
	fs.StringVar(&cfg.BaseURL, "base-url", env("CHUHAI_BASE_URL", ""), "public address of the platform, for links in email and webhooks (e.g. https://chuhai.example.gov.cn)")
	fs.IntVar(&cfg.Workers, "workers", envInt("CHUHAI_WORKERS", 2), "background jobs (timers, email, webhooks) run at once by this instance")
	fs.StringVar(&cfg.SMTP.Host, "smtp-host", env("CHUHAI_SMTP_HOST", ""), "mail server for notifications (empty: no email)")
	fs.IntVar(&cfg.SMTP.Port, "smtp-port", envInt("CHUHAI_SMTP_PORT", 587), "mail server port (STARTTLS is used when offered)")
	fs.StringVar(&cfg.SMTP.From, "smtp-from", env("CHUHAI_SMTP_FROM", ""), "sender address of notification email")
	fs.StringVar(&cfg.SMTP.User, "smtp-user", env("CHUHAI_SMTP_USER", ""), "mail server login (optional)")
	fs.StringVar(&cfg.SMTP.Password, "smtp-password", env("CHUHAI_SMTP_PASSWORD", ""), "mail server password (prefer CHUHAI_SMTP_PASSWORD over the flag)")
	cfg.SMTP.FromName = "上海市企业出海综合服务平台"
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func envBool(name string) bool {
	v := strings.ToLower(os.Getenv(name))
	return v == "1" || v == "true" || v == "yes"
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return def
}

func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil {
		return d
	}
	return def
}

func logger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// open parses flags and opens the app (without migrating).
func open(ctx context.Context, name string, args []string, extra func(*flag.FlagSet)) (*app.App, *flag.FlagSet, error) {
	var cfg app.Config
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	common(fs, &cfg)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	a, err := app.Open(ctx, cfg, logger(os.Stderr))
	return a, fs, err
}
