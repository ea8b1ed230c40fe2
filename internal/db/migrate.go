package db

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// Module is one domain package's schema: its own migrations per engine and its own version table, so
// each package owns its tables. Modules migrate in the order given; a module may reference tables of
// modules before it.
type Module struct {
	Name     string // short, lower-case; the version table is goose_<Name>
	SQLite   fs.FS  // *.sql goose migrations for SQLite
	Postgres fs.FS  // *.sql goose migrations for PostgreSQL
	// Seed, when set, runs after the module's migrations on every Migrate. It loads reference data the
	// module's tables must always hold (regions, topics), so every database — production and test —
	// has it, and a corrected data file reaches existing databases on the next migrate. It must be
	// idempotent.
	Seed func(ctx context.Context, d *DB) error
}

// Sub returns the directory dir of an embedded file system, for a Module's migrations. The paths are
// the package's own constants, so a wrong one is a programming error found by the first test.
func Sub(fsys fs.FS, dir string) fs.FS {
	f, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return f
}

// ModuleStatus is one module's migration state.
type ModuleStatus struct {
	Module  string
	Current int64
	Target  int64
}

// Pending reports whether migrations remain.
func (s ModuleStatus) Pending() bool { return s.Current < s.Target }

func (d *DB) provider(m Module) (*goose.Provider, error) {
	fsys, dialect := m.SQLite, goose.DialectSQLite3
	var opts []goose.ProviderOption
	if d.dialect == Postgres {
		fsys, dialect = m.Postgres, goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	opts = append(opts, goose.WithTableName("goose_"+m.Name), goose.WithDisableGlobalRegistry(true),
		goose.WithSlog(slog.New(slog.DiscardHandler)))
	return goose.NewProvider(dialect, d.write, fsys, opts...)
}

// Migrate applies every pending migration of the modules, in order. Several instances may call it at
// once on PostgreSQL: an advisory lock lets one of them do the work.
func (d *DB) Migrate(ctx context.Context, modules ...Module) error {
	for _, m := range modules {
		p, err := d.provider(m)
		if err != nil {
			return fmt.Errorf("migrations of %s: %w", m.Name, err)
		}
		if _, err := p.Up(ctx); err != nil {
			return fmt.Errorf("migrate %s: %w", m.Name, err)
		}
		if m.Seed != nil {
			if err := m.Seed(ctx, d); err != nil {
				return fmt.Errorf("seed %s: %w", m.Name, err)
			}
		}
	}
	return nil
}

// Status reports each module's current and target version.
func (d *DB) Status(ctx context.Context, modules ...Module) ([]ModuleStatus, error) {
	out := make([]ModuleStatus, 0, len(modules))
	for _, m := range modules {
		p, err := d.provider(m)
		if err != nil {
			return nil, fmt.Errorf("migrations of %s: %w", m.Name, err)
		}
		cur, target, err := p.GetVersions(ctx)
		if err != nil {
			return nil, fmt.Errorf("status of %s: %w", m.Name, err)
		}
		out = append(out, ModuleStatus{Module: m.Name, Current: cur, Target: target})
	}
	return out, nil
}

// Current reports whether every module is fully migrated (for /readyz).
func (d *DB) Current(ctx context.Context, modules ...Module) (bool, error) {
	st, err := d.Status(ctx, modules...)
	if err != nil {
		return false, err
	}
	for _, s := range st {
		if s.Pending() {
			return false, nil
		}
	}
	return true, nil
}
