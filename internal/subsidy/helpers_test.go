package subsidy_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
	"chuhai/internal/directory"
	"chuhai/internal/jobs"
	"chuhai/internal/money"
	"chuhai/internal/network"
	"chuhai/internal/subsidy"
	"chuhai/internal/workday"
)

var modules = []db.Module{audit.Module, workday.Module, network.Module, directory.Module, network.MembersModule, jobs.Module, subsidy.Module}

// world is the test's directory, casework and network: facts the subsidy rules read.
type world struct {
	mu          sync.Mutex
	enterprises map[int64]subsidy.EnterpriseFacts
	providers   map[int64]subsidy.ProviderFacts
	invoices    map[int64]subsidy.Invoice
	points      map[int64]string
	nextInvoice int64
}

func (w *world) Enterprise(_ context.Context, id int64) (subsidy.EnterpriseFacts, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	e, ok := w.enterprises[id]
	if !ok {
		return e, apperr.NotFound("enterprise")
	}
	return e, nil
}

func (w *world) Provider(_ context.Context, id int64) (subsidy.ProviderFacts, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	p, ok := w.providers[id]
	if !ok {
		return p, apperr.NotFound("provider")
	}
	return p, nil
}

func (w *world) Names(context.Context) (subsidy.Names, error) {
	return subsidy.Names{
		Regions: map[string]subsidy.Name{"310000": {"上海市", "Shanghai"}, "310104": {"徐汇区", "Xuhui"}, "310106": {"静安区", "Jing'an"},
			"310115": {"浦东新区", "Pudong"}, "SH-LINGANG": {"临港新片区", "Lingang"}, "310117": {"松江区", "Songjiang"}},
		Alliances: map[string]subsidy.Name{"XH-GSA": {"徐汇区出海服务联盟", "Xuhui alliance"}, "SH-PSA": {"上海市专业服务联盟", "Shanghai alliance"},
			"JA-GSP": {"静安区全球服务商计划", "Jing'an programme"}},
		Categories: map[string]subsidy.Name{"legal": {"法律", "Legal"}, "accounting": {"财税", "Accounting"}, "consulting": {"咨询", "Consulting"},
			"translation": {"翻译", "Translation"}},
	}, nil
}

func (w *world) Invoice(_ context.Context, id int64) (subsidy.Invoice, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	inv, ok := w.invoices[id]
	if !ok {
		return inv, apperr.NotFound("invoice")
	}
	return inv, nil
}

func (w *world) PointRegion(_ context.Context, id int64) (string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.points[id], nil
}

// invoice records an invoice of yuan on a new engagement between enterprise and provider.
func (w *world) invoice(enterprise, provider int64, category string, amount money.Fen, date string) subsidy.Invoice {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.nextInvoice++
	d, err := workday.ParseDate(date)
	if err != nil {
		panic(err)
	}
	inv := subsidy.Invoice{ID: w.nextInvoice, Number: fmt.Sprintf("INV-%04d", w.nextInvoice), EngagementID: 1000 + w.nextInvoice,
		EnterpriseID: enterprise, ProviderID: provider, Category: category, AmountFen: amount, Date: d}
	w.invoices[inv.ID] = inv
	return inv
}

type builtinCalendar struct{ cal *workday.Calendar }

func (b builtinCalendar) Calendar(context.Context) (*workday.Calendar, error) { return b.cal, nil }

// notes records what the enterprise was told.
type notes struct {
	mu   sync.Mutex
	sent []string
}

func (n *notes) NotifyEnterprise(_ context.Context, _ *db.Tx, enterpriseID int64, subjectKey, bodyKey string, _ map[string]any, link string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.sent = append(n.sent, fmt.Sprintf("%d %s %s", enterpriseID, bodyKey, link))
	return nil
}

// fixture is a subsidy service on a fresh database with a Xuhui enterprise, a Lingang enterprise, an
// in-district Xuhui law firm in the Xuhui and city alliances, and a Jing'an firm.
type fixture struct {
	t       testing.TB
	d       *db.DB
	s       *subsidy.Service
	w       *world
	notes   *notes
	now     time.Time
	xuhui   int64 // enterprise
	lingang int64 // enterprise
	xhLaw   int64 // provider
	jaFirm  int64 // provider
}

// June 10th 2026, a Wednesday, 10:00 in Shanghai.
var testNow = time.Date(2026, 6, 10, 2, 0, 0, 0, time.UTC)

func newFixture(t testing.TB, d *db.DB) *fixture {
	t.Helper()
	al, err := audit.New(audit.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	years, err := workday.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	cals, err := workday.NewCalendars(years...)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{enterprises: map[int64]subsidy.EnterpriseFacts{}, providers: map[int64]subsidy.ProviderFacts{},
		invoices: map[int64]subsidy.Invoice{}, points: map[int64]string{1: "310104", 2: "310104", 3: "SH-LINGANG", 4: "310106"}}
	f := &fixture{t: t, d: d, w: w, notes: &notes{}, now: testNow}
	f.s = subsidy.New(subsidy.Deps{DB: d, Audit: al, Directory: w, Engagements: w, Points: w, Calendar: builtinCalendar{cals.China()},
		Notifier: f.notes, Now: func() time.Time { return f.now }})
	f.xuhui = f.enterprise("91310104MA0000001X", "上海漕溪智元机器人有限公司", "310104", nil, "C34", "medium")
	f.lingang = f.enterprise("91310115MA0000002X", "上海临港远航科技有限公司", "310115", []string{"SH-LINGANG"}, "I65", "small")
	f.xhLaw = 11
	w.providers[f.xhLaw] = subsidy.ProviderFacts{ID: f.xhLaw, NameZh: "上海沪瀚律师事务所", NameEn: "Huhan Law", Offices: []string{"310104"},
		Categories: []string{"legal"}, Alliances: []string{"XH-GSA", "SH-PSA"}}
	f.jaFirm = 12
	w.providers[f.jaFirm] = subsidy.ProviderFacts{ID: f.jaFirm, NameZh: "上海汇岚人力资源有限公司", NameEn: "Huilan HR", Offices: []string{"310106"},
		Categories: []string{"consulting"}, Alliances: []string{"JA-GSP"}}
	return f
}

func (f *fixture) enterprise(uscc, name, district string, areas []string, industry, size string) int64 {
	f.t.Helper()
	var id int64
	err := f.d.InTx(context.Background(), func(tx *db.Tx) error {
		return tx.QueryRow(context.Background(), `INSERT INTO enterprise (uscc, name_zh, name_en, home_district, created_at, updated_at)
			VALUES ($1, $2, '', $3, $4, $4) RETURNING id`, uscc, name, district, time.Now()).Scan(&id)
	})
	if err != nil {
		f.t.Fatal(err)
	}
	f.w.enterprises[id] = subsidy.EnterpriseFacts{ID: id, NameZh: name, HomeDistrict: district, Areas: areas, Industry: industry, SizeClass: size}
	return id
}

// as returns a context acting as a user of role.
func as(role auth.Role, userID int64, scope int64) context.Context {
	p := &auth.Principal{UserID: userID, Login: fmt.Sprintf("u%d", userID), Name: fmt.Sprintf("user %d", userID), Role: role}
	switch role.Scope() {
	case auth.ScopePoint:
		p.PointID = scope
	case auth.ScopeEnterprise:
		p.EnterpriseID = scope
	case auth.ScopeProvider:
		p.ProviderID = scope
	}
	return auth.WithPrincipal(context.Background(), p)
}

// Actors of the fixture: points 1 and 2 are Xuhui, 3 Lingang, 4 Jing'an.
func (f *fixture) xhStaff() context.Context     { return as(auth.PointStaff, 101, 1) }
func (f *fixture) xhLead() context.Context      { return as(auth.PointLead, 102, 2) }
func (f *fixture) jaLead() context.Context      { return as(auth.PointLead, 104, 4) }
func (f *fixture) coord() context.Context       { return as(auth.CityCoordinator, 105, 0) }
func (f *fixture) ent(id int64) context.Context { return as(auth.EnterpriseAdmin, 200+id, id) }

func yuan(y int64) money.Fen { return money.Fen(y * 100) }

// xuhuiProgramme is the article's Xuhui programme: 30% of services from in-district providers, at
// most 300,000 yuan per application and per enterprise per year, within a 50% stacking ceiling.
func xuhuiInput() subsidy.ProgrammeInput {
	return subsidy.ProgrammeInput{Code: "XH-PRO", NameZh: "徐汇区企业出海专业服务补贴", NameEn: "Xuhui going-global professional services subsidy",
		Owner: "310104", Kind: subsidy.KindRate, BudgetYear: 2026, BudgetFen: yuan(5_000_000),
		PeriodFrom: "2026-01-01", PeriodTo: "2026-12-31", ApplyFrom: "2026-01-01", ApplyUntil: "2026-12-31",
		Rules:  subsidy.Rules{HomeDistricts: []string{"310104"}, ProviderDistricts: []string{"310104"}},
		RateBP: 3000, CapApplicationFen: yuan(300_000), CapEnterpriseYearFen: yuan(300_000), CeilingBP: 5000}
}

// cityInput is a city programme for alliance members: 40%, stacking ceiling 50%.
func cityInput() subsidy.ProgrammeInput {
	return subsidy.ProgrammeInput{Code: "SH-PSA", NameZh: "上海市专业服务联盟服务补贴", NameEn: "Shanghai alliance services subsidy",
		Owner: "310000", Kind: subsidy.KindRate, BudgetYear: 2026, BudgetFen: yuan(20_000_000),
		PeriodFrom: "2026-01-01", PeriodTo: "2026-12-31", ApplyFrom: "2026-01-01", ApplyUntil: "2026-12-31",
		Rules:  subsidy.Rules{ProviderAlliances: []string{"SH-PSA"}},
		RateBP: 4000, CapApplicationFen: yuan(1_000_000), CeilingBP: 5000}
}

func (f *fixture) programme(in subsidy.ProgrammeInput) subsidy.Programme {
	f.t.Helper()
	p, err := f.s.CreateProgramme(f.coord(), in)
	if err != nil {
		f.t.Fatalf("create %s: %v", in.Code, err)
	}
	return p
}

// fieldKey returns the catalogue key of field's error in err, or "".
func fieldKey(err error, field string) string {
	e, ok := apperr.As(err)
	if !ok {
		return ""
	}
	for _, fe := range e.Fields {
		if fe.Name == field {
			return fe.Key
		}
	}
	return ""
}

func count(t testing.TB, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) { fn(t, newFixture(t, d)) })
}
