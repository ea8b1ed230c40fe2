package auth

import (
	"context"
	"testing"
	"time"

	"chuhai/internal/audit"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
	"chuhai/internal/directory"
	"chuhai/internal/network"
)

// modules are the schemas accounts depend on (their foreign keys point into network and directory).
var modules = []db.Module{audit.Module, network.Module, directory.Module, Module}

// cheapArgon keeps storage tests fast; the real costs are tested in the password tests.
var cheapArgon = argonParams{Memory: 64, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}

// clock is a settable time source.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock                   { return &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)} }

// fixture is a service on a fresh database with one service point, enterprise and provider.
type fixture struct {
	s                           *Service
	d                           *db.DB
	clock                       *clock
	point, enterprise, provider int64
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	al, err := audit.New(audit.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	c := newClock()
	s := NewService(d, al, Config{})
	s.now = c.now
	s.argon = cheapArgon
	f := &fixture{s: s, d: d, clock: c}
	ctx := context.Background()
	now := time.Now()
	err = d.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO service_point (code, kind, name_zh, name_en, region_code, created_at, updated_at)
			VALUES ('XH', 'district_point', '徐汇区服务点', 'Xuhui service point', '310104', $1, $1) RETURNING id`, now).Scan(&f.point); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO enterprise (uscc, name_zh, home_district, created_at, updated_at)
			VALUES ('91310000MA1FL4B24G', '示例制造有限公司', '310104', $1, $1) RETURNING id`, now).Scan(&f.enterprise); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO provider (name_zh, created_at, updated_at) VALUES ('示例律师事务所', $1, $1) RETURNING id`,
			now).Scan(&f.provider)
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// each runs fn on every engine with a fresh fixture.
func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) { fn(t, newFixture(t, d)) })
}

const goodPassword = "Harbour-Lights-2026"

// user creates an account and returns its id.
func (f *fixture) user(t *testing.T, login string, role Role) int64 {
	t.Helper()
	u := NewUser{Login: login, Password: goodPassword, Role: role}
	switch role.Scope() {
	case ScopePoint:
		u.PointID = f.point
	case ScopeEnterprise:
		u.EnterpriseID = f.enterprise
	case ScopeProvider:
		u.ProviderID = f.provider
	}
	id, err := f.s.CreateUser(context.Background(), u)
	if err != nil {
		t.Fatalf("create %s: %v", login, err)
	}
	return id
}

// auditCount counts audit entries with action.
func (f *fixture) auditCount(t *testing.T, action string) int {
	t.Helper()
	var n int
	if err := f.d.QueryRow(context.Background(), `SELECT count(*) FROM audit_entry WHERE action = $1`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
