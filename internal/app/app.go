// Package app wires chuhai together in one place: configuration, the database and its modules in
// migration order, the domain services and the HTTP server.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"path/filepath"
	"time"

	"chuhai/internal/audit"
	"chuhai/internal/auth"
	"chuhai/internal/casework"
	"chuhai/internal/db"
	"chuhai/internal/directory"
	"chuhai/internal/i18n"
	"chuhai/internal/idempotency"
	"chuhai/internal/jobs"
	"chuhai/internal/knowledge"
	"chuhai/internal/network"
	"chuhai/internal/notify"
	"chuhai/internal/odi"
	"chuhai/internal/search"
	"chuhai/internal/subsidy"
	"chuhai/internal/web"
	"chuhai/internal/workday"
)

// Config is read from flags with CHUHAI_* environment fallbacks.
type Config struct {
	Addr        string
	DataDir     string
	DB          string // a postgres:// DSN, or a SQLite path (default DataDir/chuhai.db)
	AuditHash   string // sha256 or sm3
	TLS         bool
	TrustProxy  bool
	IdleTimeout time.Duration
	MaxSession  time.Duration
	// MembershipCache is how long the directory reuses its snapshot of alliance memberships (0: it
	// reads them afresh for every question).
	MembershipCache time.Duration
	// ReadCache is how long an instance reuses the service network's lists and what a credential
	// resolved to (0: every request reads afresh). Writes through this instance show at once, writes
	// through another within this time.
	ReadCache time.Duration
	BaseURL   string // the platform's public address, for links in email and webhooks
	SMTP      notify.SMTPConfig
	Workers   int // background jobs run at once by this instance
}

// DSN is the database to open.
func (c Config) DSN() string {
	if c.DB != "" {
		return c.DB
	}
	return filepath.Join(c.DataDir, "chuhai.db")
}

// Modules lists every schema in migration order.
func Modules() []db.Module {
	return []db.Module{audit.Module, workday.Module, network.Module, directory.Module, network.MembersModule, auth.Module, jobs.Module, notify.Module,
		idempotency.Module, casework.Module, odi.Module, subsidy.Module, search.Module, knowledge.Module}
}

// App is the wired platform.
type App struct {
	Config      Config
	DB          *db.DB
	Cat         *i18n.Catalogue
	Audit       *audit.Log
	Auth        *auth.Service
	Network     *network.Store
	Directory   *directory.Store
	Workday     *workday.Store
	Subsidy     *subsidy.Service
	Notify      *notify.Service
	Jobs        *jobs.Runner
	ODI         *odi.Store
	Search      *search.Index
	Knowledge   *knowledge.Store
	Idempotency *idempotency.Store
	Casework    *casework.Store
	Log         *slog.Logger
}

// Open connects to the database and builds the services; it does not migrate.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	d, err := db.Open(ctx, cfg.DSN())
	if err != nil {
		return nil, err
	}
	a, err := New(d, cfg, log)
	if err != nil {
		d.Close()
		return nil, err
	}
	return a, nil
}

// New builds the services over an open database (tests use it with their own database).
func New(d *db.DB, cfg Config, log *slog.Logger) (*App, error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	al, err := audit.New(cfg.AuditHash)
	if err != nil {
		return nil, err
	}
	if err := cfg.SMTP.Validate(); err != nil {
		return nil, err
	}
	nw := network.NewStore(d, al)
	nw.CacheReads(cfg.ReadCache)
	ix := search.New(d)
	dir := directory.NewStore(d, al, directory.WithCallers(directoryCaller), directory.WithSearch(ix),
		directory.WithNetwork(&directoryNetwork{n: nw, ttl: cfg.MembershipCache, now: time.Now}))
	a := &App{
		Config: cfg, DB: d, Cat: cat, Audit: al, Log: log,
		Network: nw, Directory: dir, Workday: workday.NewStore(d, al),
		Auth:        auth.NewService(d, al, auth.Config{IdleTimeout: cfg.IdleTimeout, AbsoluteLifetime: cfg.MaxSession, SecureCookies: cfg.TLS}),
		Idempotency: idempotency.NewStore(d),
		Jobs:        jobs.NewRunner(d, log, jobs.Options{Workers: cfg.Workers}),
	}
	a.Auth.CacheCredentials(cfg.ReadCache)
	a.Search = ix
	a.Knowledge = knowledge.NewStore(d, al, a.Search, a.Network)
	a.Notify = notify.New(d, al, cat, recipients{a.Auth}, notify.Config{SMTP: cfg.SMTP, BaseURL: cfg.BaseURL}, log)
	a.ODI = odi.NewStore(d, al, a.Network, a.Directory, a.Workday)
	for _, t := range odi.Topics {
		a.Notify.AddTopic(t)
	}
	a.ODI.Notify = odi.StaffNotifier(a.Notify, a.Auth)
	a.Notify.AddTopic(notify.Topic{Code: subsidyTopic, NameKey: "subsidy.topic"})
	a.Subsidy = subsidy.New(subsidy.Deps{DB: d, Audit: al, Directory: subsidyFacts{dir: a.Directory, net: a.Network},
		Points: subsidyPoints{net: a.Network}, Calendar: a.Workday, Notifier: enterpriseNotifier{auth: a.Auth, notify: a.Notify}})
	cdir := caseworkDirectory{dir}
	invoices := caseworkInvoices{subsidy: a.Subsidy, casework: func() *casework.Store { return a.Casework }, dir: dir}
	a.Casework = casework.NewStore(casework.Deps{DB: d, Audit: al, Auth: a.Auth, Workday: a.Workday, Network: caseworkNetwork{nw},
		Directory: cdir, Activity: cdir, Notifier: a.Notify, People: caseworkPeople{a.Auth}, Matcher: cdir, Invoices: invoices})
	a.Subsidy.SetEngagements(invoices)
	a.ODI.Requests = odiRequests(a.Casework)
	a.registerJobs()
	return a, nil
}

// registerJobs gives the job runner every domain's handlers; each domain package exposes a function
// that registers its kinds.
func (a *App) registerJobs() {
	a.Notify.Register(a.Jobs)
	a.ODI.Register(a.Jobs)
	a.Subsidy.Register(a.Jobs)
	a.Casework.RegisterJobs(a.Jobs)
}

// recipients tells notify who a user is, from the accounts.
type recipients struct{ auth *auth.Service }

func (r recipients) Recipient(ctx context.Context, userID int64) (notify.Recipient, error) {
	u, err := r.auth.UserByID(ctx, userID)
	if err != nil {
		return notify.Recipient{}, err
	}
	rc := notify.Recipient{Name: u.Name, Lang: u.Lang, Disabled: u.Disabled}
	if a, err := mail.ParseAddress(u.Login); err == nil && a.Address == u.Login {
		rc.Email = u.Login // logins may be email addresses
	}
	return rc, nil
}

// Migrate applies all pending migrations.
func (a *App) Migrate(ctx context.Context) error {
	if err := a.DB.Migrate(ctx, Modules()...); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if n, err := a.Search.RebuildPending(ctx, a.SearchSources()); err != nil {
		return fmt.Errorf("migrate: rebuild the search index: %w", err)
	} else if n > 0 {
		a.Log.Info("search index rebuilt after a migration", "documents", n)
	}
	return nil
}

// Handler builds the HTTP server.
func (a *App) Handler() (*web.Server, error) {
	return web.New(web.Deps{DB: a.DB, Modules: Modules(), Cat: a.Cat, Log: a.Log, Audit: a.Audit, Auth: a.Auth,
		Network: a.Network, Directory: a.Directory, Workday: a.Workday, Notify: a.Notify, ODI: a.ODI, Subsidy: a.Subsidy,
		Search: a.Search, Knowledge: a.Knowledge, Profiles: enterpriseProfiles{a.Directory}, Idempotency: a.Idempotency, Casework: a.Casework,
		TLS: a.Config.TLS, TrustProxy: a.Config.TrustProxy, ReadCache: a.Config.ReadCache})
}

// Close releases the database.
func (a *App) Close() error { return a.DB.Close() }

// SearchSources lists every kind of content kept in the search index, for rebuilding it; a domain
// that starts indexing its records (providers, courses, deals) adds its source here.
func (a *App) SearchSources() []search.Source {
	return append(a.Knowledge.Sources(), a.Directory.SearchSource())
}
