// Package db opens the system of record — SQLite embedded by default, PostgreSQL at scale — and keeps
// the differences between the two in one place: placeholders, connection pools, migrations and
// transactions. Queries everywhere else are written once, in PostgreSQL's $1 placeholder style.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the database engine behind a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is the handle every storage function takes. Writes go through one connection on SQLite (SQLite
// allows one writer; a single connection avoids SQLITE_BUSY inside the process), reads through a pool.
// On PostgreSQL both are the same pool.
type DB struct {
	dialect Dialect
	write   *sql.DB
	read    *sql.DB
	// Prepared statements of the SQLite pools; nil on PostgreSQL.
	writeStmts, readStmts *stmtCache
}

// IsPostgresDSN reports whether dsn selects PostgreSQL.
func IsPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to dsn: a postgres:// URL selects PostgreSQL, anything else is a SQLite file path.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if IsPostgresDSN(dsn) {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn)
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	pool.SetMaxOpenConns(max(8, 4*runtime.GOMAXPROCS(0)))
	pool.SetMaxIdleConns(max(8, 4*runtime.GOMAXPROCS(0)))
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect postgres: %w", err)
	}
	return &DB{dialect: Postgres, write: pool, read: pool}, nil
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("empty database path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
	}
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(ON)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	q.Set("_time_format", "sqlite")
	dsn := "file:" + path + "?" + q.Encode()
	write, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxIdleTime(0)
	write.SetConnMaxLifetime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", dsn+"&_pragma=query_only(ON)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	n := max(8, runtime.GOMAXPROCS(0)*4)
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	read.SetConnMaxIdleTime(0)
	return &DB{dialect: SQLite, write: write, read: read,
		writeStmts: newStmtCache(write, stmtCacheSize), readStmts: newStmtCache(read, stmtCacheSize)}, nil
}

// Dialect reports the engine.
func (d *DB) Dialect() Dialect { return d.dialect }

// Writer is the pool used for writes (and migrations); exposed for metrics and backups.
func (d *DB) Writer() *sql.DB { return d.write }

// Reader is the pool used for reads.
func (d *DB) Reader() *sql.DB { return d.read }

// stmtCacheSize bounds the prepared statements kept per SQLite pool; queries are fixed strings or
// built from a few filter combinations, so a few hundred covers them all.
const stmtCacheSize = 512

// Close closes both pools.
func (d *DB) Close() error {
	if d.writeStmts != nil {
		d.writeStmts.close()
		d.readStmts.close()
	}
	err := d.write.Close()
	if d.read != d.write {
		err = errors.Join(err, d.read.Close())
	}
	return err
}

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error { return d.read.PingContext(ctx) }

// Querier is what DB and Tx have in common, so storage functions can run inside or outside a
// transaction.
type Querier interface {
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
	Dialect() Dialect
}

// Exec runs a statement on the write connection.
func (d *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if d.writeStmts != nil {
		if st, err := d.writeStmts.get(ctx, query); err == nil {
			return st.ExecContext(ctx, normalize(args)...)
		}
	}
	return d.write.ExecContext(ctx, query, normalize(args)...)
}

// Query runs a query on the read pool.
func (d *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if d.readStmts != nil {
		if st, err := d.readStmts.get(ctx, query); err == nil {
			return st.QueryContext(ctx, normalize(args)...)
		}
	}
	return d.read.QueryContext(ctx, query, normalize(args)...)
}

// QueryRow runs a single-row query on the read pool.
func (d *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if d.readStmts != nil {
		if st, err := d.readStmts.get(ctx, query); err == nil {
			return st.QueryRowContext(ctx, normalize(args)...)
		}
	}
	return d.read.QueryRowContext(ctx, query, normalize(args)...)
}

// Tx is a write transaction.
type Tx struct {
	tx      *sql.Tx
	dialect Dialect
	stmts   *stmtCache // the write pool's prepared statements (SQLite)
	after   []func()
}

// stmt returns the transaction's handle on an already cached prepared statement for query, or nil.
func (t *Tx) stmt(ctx context.Context, query string) *sql.Stmt {
	if t.stmts == nil {
		return nil
	}
	if st := t.stmts.peek(query); st != nil {
		return t.tx.StmtContext(ctx, st)
	}
	return nil
}

func (t *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, normalize(args)...)
	}
	return t.tx.ExecContext(ctx, query, normalize(args)...)
}

func (t *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, normalize(args)...)
	}
	return t.tx.QueryContext(ctx, query, normalize(args)...)
}

func (t *Tx) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, normalize(args)...)
	}
	return t.tx.QueryRowContext(ctx, query, normalize(args)...)
}

// Dialect reports the engine.
func (t *Tx) Dialect() Dialect { return t.dialect }

// AfterCommit registers fn to run once the transaction has committed (e.g. to wake a worker).
func (t *Tx) AfterCommit(fn func()) { t.after = append(t.after, fn) }

// InTx runs fn in a write transaction, committing when fn returns nil and rolling back otherwise.
// On PostgreSQL a serialization failure or deadlock is retried a few times.
func (d *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	const attempts = 5
	var err error
	for i := range attempts {
		err = d.inTxOnce(ctx, fn)
		if err == nil || !retryable(err) || ctx.Err() != nil {
			return err
		}
		time.Sleep(time.Duration(i+1) * 10 * time.Millisecond)
	}
	return err
}

func (d *DB) inTxOnce(ctx context.Context, fn func(tx *Tx) error) (err error) {
	sqlTx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{tx: sqlTx, dialect: d.dialect, stmts: d.writeStmts}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	for _, f := range tx.after {
		f()
	}
	return nil
}

func retryable(err error) bool {
	var coded interface{ SQLState() string }
	if errors.As(err, &coded) {
		switch coded.SQLState() {
		case "40001", "40P01": // serialization_failure, deadlock_detected
			return true
		}
	}
	return false
}

// IsUniqueViolation reports whether err is a unique-constraint violation on either engine.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	var coded interface{ SQLState() string }
	if errors.As(err, &coded) {
		return coded.SQLState() == "23505"
	}
	return strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// IsForeignKeyViolation reports whether err is a foreign-key violation on either engine.
func IsForeignKeyViolation(err error) bool {
	if err == nil {
		return false
	}
	var coded interface{ SQLState() string }
	if errors.As(err, &coded) {
		return coded.SQLState() == "23503"
	}
	return strings.Contains(err.Error(), "FOREIGN KEY constraint failed")
}

// normalize stores every time in UTC at microsecond precision, so both engines hold the same value
// and SQLite's text timestamps compare in time order.
func normalize(args []any) []any {
	for i, a := range args {
		switch v := a.(type) {
		case time.Time:
			args[i] = v.UTC().Truncate(time.Microsecond)
		case *time.Time:
			if v != nil {
				args[i] = v.UTC().Truncate(time.Microsecond)
			} else {
				args[i] = nil
			}
		}
	}
	return args
}
