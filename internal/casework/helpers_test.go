package casework

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
	"chuhai/internal/directory"
	"chuhai/internal/jobs"
	"chuhai/internal/network"
	"chuhai/internal/notify"
	"chuhai/internal/workday"
)

// modules are the schemas casework sits on, in migration order.
var modules = []db.Module{audit.Module, workday.Module, network.Module, directory.Module, auth.Module, jobs.Module, Module}

// clock is a settable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// fakeNetwork serves the points the fixture inserted.
type fakeNetwork struct {
	mu        sync.Mutex
	points    []Point
	countries []string
}

var topicCodes = []string{"odi", "market_entry", "legal", "tax", "finance", "ip", "certification", "hr", "safety", "data_compliance", "subsidy", "other"}

func (n *fakeNetwork) Points(context.Context) ([]Point, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return slices.Clone(n.points), nil
}

func (n *fakeNetwork) Topics(context.Context) ([]Topic, error) {
	out := make([]Topic, len(topicCodes))
	for i, c := range topicCodes {
		out[i] = Topic{Code: c, NameZh: "主题" + c, NameEn: "Topic " + c}
	}
	return out, nil
}

func (n *fakeNetwork) IsCountry(_ context.Context, code string) (bool, error) {
	return slices.Contains(n.countries, code), nil
}

// fakeDirectory serves the enterprises and providers the fixture inserted.
type fakeDirectory struct {
	mu          sync.Mutex
	enterprises map[int64]Enterprise
	providers   map[int64]Provider
}

func (d *fakeDirectory) Enterprise(_ context.Context, id int64) (Enterprise, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	e, ok := d.enterprises[id]
	if !ok {
		return e, apperr.NotFound("enterprise")
	}
	return e, nil
}

func (d *fakeDirectory) EnterpriseNames(_ context.Context, ids []int64) (map[int64]Enterprise, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := map[int64]Enterprise{}
	for _, id := range ids {
		if e, ok := d.enterprises[id]; ok {
			out[id] = e
		}
	}
	return out, nil
}

func (d *fakeDirectory) Providers(_ context.Context, ids []int64) (map[int64]Provider, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := map[int64]Provider{}
	for _, id := range ids {
		if p, ok := d.providers[id]; ok {
			out[id] = p
		}
	}
	return out, nil
}

// activityLog records what casework told the directory, proving it happened inside the caller's
// transaction (it writes a row there: a rollback takes it away).
type activityLog struct{}

func (activityLog) RecordEngagement(ctx context.Context, tx *db.Tx, _, providerID int64, at time.Time, rating int) error {
	_, err := tx.Exec(ctx, `INSERT INTO test_activity (provider_id, rating, completed_at) VALUES ($1, $2, $3)`, providerID, rating, at)
	return err
}

// noticeLog keeps notices in a table of the test database, so rolled-back ones vanish as in an
// outbox.
type noticeLog struct{}

func (noticeLog) Send(ctx context.Context, tx *db.Tx, n notify.Message) error {
	_, err := tx.Exec(ctx, `INSERT INTO test_notice (user_id, key) VALUES ($1, $2)`, n.UserID, n.Key)
	return err
}

func (noticeLog) Publish(ctx context.Context, tx *db.Tx, e notify.Event) error {
	_, err := tx.Exec(ctx, `INSERT INTO test_notice (user_id, key) VALUES ($1, $2)`, -e.PointID, e.Key)
	return err
}

// people finds users through the account service.
type peopleFinder struct{ auth *auth.Service }

func (p peopleFinder) list(ctx context.Context, f auth.UserFilter, keep func(auth.User) bool) ([]int64, error) {
	f.Status = "active"
	us, _, err := p.auth.ListUsers(ctx, f, auth.Page{Limit: 100})
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, u := range us {
		if keep(u) {
			out = append(out, u.ID)
		}
	}
	return out, nil
}

func (p peopleFinder) PointUsers(ctx context.Context, pointID int64, roles ...auth.Role) ([]int64, error) {
	return p.list(ctx, auth.UserFilter{PointID: pointID}, func(u auth.User) bool { return slices.Contains(roles, u.Role) })
}

func (p peopleFinder) Coordinators(ctx context.Context) ([]int64, error) {
	return p.list(ctx, auth.UserFilter{Role: auth.CityCoordinator}, func(auth.User) bool { return true })
}

func (p peopleFinder) ProviderUsers(ctx context.Context, providerID int64) ([]int64, error) {
	var out []int64
	for _, r := range []auth.Role{auth.ProviderAdmin, auth.ProviderMember} {
		ids, err := p.list(ctx, auth.UserFilter{Role: r}, func(u auth.User) bool { return u.ProviderID == providerID })
		if err != nil {
			return nil, err
		}
		out = append(out, ids...)
	}
	return out, nil
}

// fixture is a small Shanghai network on a fresh database: the city platform, the Xuhui and Jing'an
// district points, Jing'an's ODI point, and overseas points in Hong Kong and Singapore.
type fixture struct {
	t      *testing.T
	db     *db.DB
	s      *Store
	auth   *auth.Service
	clock  *clock
	net    *fakeNetwork
	dir    *fakeDirectory
	points map[string]int64
	users  map[string]*auth.Principal
}

// Monday 2 March 2026, 10:00 in Shanghai.
var monday = time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)

const (
	xuhui  = "310104"
	jingan = "310106"
)

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	al, err := audit.New(audit.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, db: d, clock: &clock{t: monday}, net: &fakeNetwork{countries: []string{"HK", "SG", "VN", "MY", "DE", "US"}},
		dir: &fakeDirectory{enterprises: map[int64]Enterprise{}, providers: map[int64]Provider{}}, points: map[string]int64{},
		users: map[string]*auth.Principal{}}
	f.auth = auth.NewService(d, al, auth.Config{})
	f.exec(`CREATE TABLE test_notice (user_id BIGINT NOT NULL, key TEXT NOT NULL)`)
	f.exec(`CREATE TABLE test_activity (provider_id BIGINT NOT NULL, rating INTEGER NOT NULL, completed_at TIMESTAMP NOT NULL)`)
	f.addPoint(Point{Code: "SH", Kind: KindCityPlatform, NameZh: "上海市企业出海综合服务平台", RegionCode: "310000", TimeZone: "Asia/Shanghai"})
	f.addPoint(Point{Code: "XH", Kind: KindDistrictPoint, NameZh: "徐汇区服务点", RegionCode: xuhui, TimeZone: "Asia/Shanghai",
		Capabilities: []string{"legal", "tax", "market_entry"}})
	f.addPoint(Point{Code: "JA", Kind: KindDistrictPoint, NameZh: "静安区服务点", RegionCode: jingan, TimeZone: "Asia/Shanghai"})
	f.addPoint(Point{Code: "JA-ODI", Kind: "specialised_point", NameZh: "静安 ODI 咨询点", RegionCode: jingan, TimeZone: "Asia/Shanghai",
		Capabilities: []string{"odi"}, OpeningHours: "09:00-12:00,13:00-17:30"})
	f.addPoint(Point{Code: "HK", Kind: KindOverseasPoint, NameZh: "香港服务点", RegionCode: "HK", TimeZone: "Asia/Hong_Kong", Countries: []string{"HK"}})
	f.addPoint(Point{Code: "SG", Kind: KindOverseasPoint, NameZh: "新加坡服务点", RegionCode: "SG", TimeZone: "Asia/Singapore",
		Countries: []string{"SG", "MY", "VN"}})
	f.s = NewStore(Deps{DB: d, Audit: al, Auth: f.auth, Workday: workday.NewStore(d, al), Network: f.net, Directory: f.dir,
		Activity: activityLog{}, Notifier: noticeLog{}, People: peopleFinder{f.auth}}).WithClock(f.clock.now)
	return f
}

func (f *fixture) exec(q string, args ...any) {
	f.t.Helper()
	if _, err := f.db.Exec(context.Background(), q, args...); err != nil {
		f.t.Fatalf("fixture %q: %v", q, err)
	}
}

func (f *fixture) insert(q string, args ...any) int64 {
	f.t.Helper()
	var id int64
	if err := f.db.InTx(context.Background(), func(tx *db.Tx) error { return tx.QueryRow(context.Background(), q, args...).Scan(&id) }); err != nil {
		f.t.Fatalf("fixture %q: %v", q, err)
	}
	return id
}

func (f *fixture) addPoint(p Point) {
	p.ID = f.insert(`INSERT INTO service_point (code, kind, name_zh, name_en, region_code, time_zone, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, p.Code, p.Kind, p.NameZh, p.Code+" point", p.RegionCode, p.TimeZone, monday)
	p.NameEn, p.Active = p.Code+" point", true
	f.net.mu.Lock()
	f.net.points = append(f.net.points, p)
	f.net.mu.Unlock()
	f.points[p.Code] = p.ID
}

var usccSeq atomic.Int64

func (f *fixture) enterprise(name, district string) int64 {
	seq := usccSeq.Add(1)
	id := f.insert(`INSERT INTO enterprise (uscc, name_zh, home_district, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
		fmt.Sprintf("TEST%014d", seq), name, district, monday)
	f.dir.mu.Lock()
	f.dir.enterprises[id] = Enterprise{ID: id, NameZh: name, NameEn: name, HomeDistrict: district}
	f.dir.mu.Unlock()
	return id
}

func (f *fixture) provider(name string, referable bool) int64 {
	id := f.insert(`INSERT INTO provider (name_zh, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id`, name, monday)
	f.dir.mu.Lock()
	f.dir.providers[id] = Provider{ID: id, NameZh: name, NameEn: name, Referable: referable}
	f.dir.mu.Unlock()
	return id
}

// user creates an account and returns a context acting as it.
func (f *fixture) user(login string, u auth.NewUser) context.Context {
	f.t.Helper()
	u.Login, u.Password, u.Name = login, "Harbour-Lights-2026", login
	id, err := f.auth.CreateUser(context.Background(), u)
	if err != nil {
		f.t.Fatalf("user %s: %v", login, err)
	}
	p := &auth.Principal{UserID: id, Login: login, Name: login, Role: u.Role, PointID: u.PointID, EnterpriseID: u.EnterpriseID, ProviderID: u.ProviderID}
	f.users[login] = p
	return f.as(login)
}

func (f *fixture) as(login string) context.Context {
	p := f.users[login]
	if p == nil {
		f.t.Fatalf("no user %s", login)
	}
	ctx := auth.WithPrincipal(context.Background(), p)
	return audit.WithMeta(ctx, audit.Meta{ActorID: p.UserID, ActorLogin: p.Login})
}

func (f *fixture) count(q string, args ...any) int {
	f.t.Helper()
	var n int
	if err := f.db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		f.t.Fatalf("count %q: %v", q, err)
	}
	return n
}

// rows counts every casework row and audit entry, to show that a refused call wrote nothing.
func (f *fixture) rows() map[string]int {
	out := map[string]int{}
	for _, t := range []string{"casework_request", "casework_event", "casework_timer", "casework_attachment", "casework_referral",
		"casework_engagement", "casework_invoice", "casework_amendment", "casework_invitation", "casework_request_point",
		"casework_sequence", "audit_entry", "test_notice", "test_activity", "job"} {
		out[t] = f.count(`SELECT COUNT(*) FROM ` + t)
	}
	return out
}

func wantKind(t *testing.T, err error, kind apperr.Kind, what string) *apperr.Error {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Kind != kind {
		t.Fatalf("%s: got %v, want error of kind %d", what, err, kind)
	}
	return e
}

func wantField(t *testing.T, err error, field, key string) {
	t.Helper()
	e := wantKind(t, err, apperr.KindInvalid, field)
	for _, f := range e.Fields {
		if f.Name == field && (key == "" || f.Key == key) {
			return
		}
	}
	t.Fatalf("got %v, want field %s %s", err, field, key)
}

func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) { fn(t, newFixture(t, d)) })
}

func zipWith(t *testing.T, name string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, err := w.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("<x/>"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
