package notify

import (
	"context"
	"fmt"
	"testing"
	"time"

	"chuhai/internal/audit"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
	"chuhai/internal/directory"
	"chuhai/internal/i18n"
	"chuhai/internal/jobs"
	"chuhai/internal/network"
	"chuhai/internal/workday"
)

var modules = []db.Module{audit.Module, workday.Module, network.Module, directory.Module, network.MembersModule, auth.Module, jobs.Module, Module}

type fixture struct {
	t     *testing.T
	d     *db.DB
	s     *Service
	cat   *i18n.Catalogue
	point int64
	n     int
}

// users reads recipients straight from the accounts table, as the app's adapter does through auth.
type users struct{ d *db.DB }

func (u users) Recipient(ctx context.Context, id int64) (Recipient, error) {
	var r Recipient
	var login string
	err := u.d.QueryRow(ctx, `SELECT login, name, lang, disabled FROM app_user WHERE id = $1`, id).Scan(&login, &r.Name, &r.Lang, &r.Disabled)
	if validAddress(login) {
		r.Email = login
	}
	return r, err
}

func each(t *testing.T, cfg Config, fn func(t *testing.T, f *fixture)) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) {
		fn(t, newFixture(t, d, cfg))
	})
}

func newFixture(t *testing.T, d *db.DB, cfg Config) *fixture {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	al, err := audit.New("sha256")
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, d: d, cat: cat, s: New(d, al, cat, users{d}, cfg, nil)}
	ctx := context.Background()
	if _, err := d.Exec(ctx, `INSERT INTO region (code, kind, name_zh, name_en) VALUES ('310104', 'district', '徐汇区', 'Xuhui'),
		('310106', 'district', '静安区', 'Jing''an') ON CONFLICT (code) DO NOTHING`); err != nil {
		t.Fatal(err)
	}
	f.point = f.exec(`INSERT INTO service_point (code, kind, name_zh, name_en, region_code, created_at, updated_at)
		VALUES ('XH', 'district_point', '徐汇区服务点', 'Xuhui point', '310104', $1, $1) RETURNING id`, time.Now())
	return f
}

func (f *fixture) exec(q string, args ...any) int64 {
	f.t.Helper()
	var id int64
	if err := f.d.InTx(context.Background(), func(tx *db.Tx) error { return tx.QueryRow(context.Background(), q, args...).Scan(&id) }); err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
	return id
}

// user adds an account; login may be an email address.
func (f *fixture) user(login string, role auth.Role, pointID int64, lang string) int64 {
	f.t.Helper()
	var point any
	if pointID > 0 {
		point = pointID
	}
	return f.exec(`INSERT INTO app_user (login, name, role, point_id, lang, password_hash, password_changed_at, created_at, updated_at)
		VALUES ($1, $1, $2, $3, $4, 'x', $5, $5, $5) RETURNING id`, login, string(role), point, lang, time.Now())
}

func (f *fixture) principal(id int64) *auth.Principal {
	f.t.Helper()
	var p auth.Principal
	var role string
	if err := f.d.QueryRow(context.Background(), `SELECT id, login, role, COALESCE(point_id, 0) FROM app_user WHERE id = $1`, id).
		Scan(&p.UserID, &p.Login, &role, &p.PointID); err != nil {
		f.t.Fatal(err)
	}
	p.Role = auth.Role(role)
	return &p
}

// notice sends a platform notice to a user in its own transaction.
func (f *fixture) send(m Message) error {
	return f.d.InTx(context.Background(), func(tx *db.Tx) error { return f.s.Send(context.Background(), tx, m) })
}

func (f *fixture) notice(userID int64, topic string) Message {
	f.n++
	return Message{UserID: userID, Topic: topic, Key: "notify.system.notice_subject", BodyKey: "notify.system.notice_body",
		Data: map[string]any{"Title": fmt.Sprintf("第%d号", f.n), "Text": "国庆假期服务安排"}, Link: fmt.Sprintf("/requests/XH-2026-%06d", f.n)}
}

// channels counts a user's outbox rows by channel.
func (f *fixture) channels(userID int64) map[string]int {
	f.t.Helper()
	rows, err := f.d.Query(context.Background(), `SELECT channel, COUNT(*) FROM notify_outbox WHERE user_id = $1 GROUP BY channel`, userID)
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var ch string
		var n int
		if err := rows.Scan(&ch, &n); err != nil {
			f.t.Fatal(err)
		}
		out[ch] = n
	}
	return out
}

func (f *fixture) count(q string, args ...any) int {
	f.t.Helper()
	var n int
	if err := f.d.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

func (f *fixture) runner(opts jobs.Options) *jobs.Runner {
	f.t.Helper()
	if opts.Poll == 0 {
		opts.Poll = 20 * time.Millisecond
	}
	if opts.RetryBase == 0 {
		opts.RetryBase = 20 * time.Millisecond
	}
	r := jobs.NewRunner(f.d, nil, opts)
	f.s.Register(r)
	r.Start(context.Background())
	f.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = r.Stop(ctx)
	})
	return r
}

func waitFor(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
