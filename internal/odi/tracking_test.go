package odi

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
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
	"chuhai/internal/network"
	"chuhai/internal/workday"
)

// modules are app.Modules() up to odi (app imports this package, so the test cannot import app).
var modules = []db.Module{audit.Module, workday.Module, network.Module, directory.Module, jobs.Module, Module}

// validUSCC completes a 17-character body with its GB 32100-2015 check digit.
func validUSCC(t testing.TB, body string) string {
	t.Helper()
	for _, c := range "0123456789ABCDEFGHJKLMNPQRTUWXY" {
		if code := body + string(c); directory.ValidateUSCC("x", code) == nil {
			return code
		}
	}
	t.Fatalf("no check digit for %s", body)
	return ""
}

// world is a database with Jing'an's ODI point, the Xuhui district point (no ODI capability) and two
// enterprises, and a store whose clock stands still.
type world struct {
	t              *testing.T
	d              *db.DB
	s              *Store
	al             *audit.Log
	now            time.Time
	ja, xh         network.Point
	xuhuiFirm, jaF directory.Enterprise
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	ctx := context.Background()
	al, err := audit.New(audit.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	n, dir := network.NewStore(d, al), directory.NewStore(d, al)
	w := &world{t: t, d: d, al: al, now: time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)}
	w.s = NewStore(d, al, n, dir, workday.NewStore(d, al))
	w.s.now = func() time.Time { return w.now }
	if w.ja, err = n.CreatePoint(ctx, network.PointInput{Code: "JA-ODI", Kind: network.SpecialisedPoint, NameZh: "静安区境外投资咨询服务点",
		NameEn: "Jing'an ODI Consultation Point", RegionCode: "310106", Capabilities: []string{"odi", "legal"}}); err != nil {
		t.Fatal(err)
	}
	if w.xh, err = n.CreatePoint(ctx, network.PointInput{Code: "XH", Kind: network.DistrictPoint, NameZh: "徐汇区企业出海服务点",
		NameEn: "Xuhui going-global service point", RegionCode: "310104", Capabilities: []string{"legal"}}); err != nil {
		t.Fatal(err)
	}
	// Enterprises as the directory keeps them; its registration path (with its own checks) is the
	// directory's to test.
	enterprise := func(uscc, zh, en, district string) directory.Enterprise {
		var id int64
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			return tx.QueryRow(ctx, `INSERT INTO enterprise (uscc, name_zh, name_en, home_district, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, uscc, zh, en, district, time.Now()).Scan(&id)
		}); err != nil {
			t.Fatal(err)
		}
		e, err := dir.EnterpriseByUSCC(ctx, uscc)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	w.xuhuiFirm = enterprise("91310000MA1FL4B24G", "上海示例精密制造有限公司", "Shanghai Example Precision Manufacturing", "310104")
	w.jaF = enterprise(validUSCC(t, "91310106MA1K00001"), "上海静安贸易有限公司", "Shanghai Jing'an Trading", "310106")
	return w
}

// as is a context acting as a user with role at a point or enterprise.
func as(login string, role auth.Role, pointID, enterpriseID int64) context.Context {
	ctx := auth.WithPrincipal(context.Background(), &auth.Principal{UserID: 1, Login: login, Role: role, PointID: pointID, EnterpriseID: enterpriseID})
	return audit.WithMeta(ctx, audit.Meta{ActorID: 1, ActorLogin: login})
}

func yes() *bool { b := true; return &b }
func no() *bool  { b := false; return &b }

// plant is the journey's project: a local private enterprise's USD 350M plant in Vietnam with
// domestic financing.
func plant(w *world) NewProject {
	return NewProject{RequestReference: "JA-ODI-2026-000001", Point: "JA-ODI", EnterpriseUSCC: w.xuhuiFirm.USCC,
		ProjectFields: ProjectFields{Title: "越南海防精密零部件工厂", EnterpriseType: Local, Country: "VN", Industry: "C34", Form: Greenfield,
			TotalUSD: usd(350_000_000), ChineseUSD: usd(350_000_000), DomesticInput: yes(), ViaOverseasSubsidiary: no(),
			Financing: []string{"own_funds", "domestic_loan"}}}
}

func wantFields(t *testing.T, err error, want ...string) {
	t.Helper()
	got := fieldErrors(err)
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("errors %v lack %q", got, w)
		}
	}
	if len(want) == 0 && err != nil {
		t.Errorf("unexpected error %v", err)
	}
	if len(want) > 0 && len(got) == 0 {
		t.Errorf("want field errors %v, got %v", want, err)
	}
}

func auditActions(t *testing.T, d *db.DB) []string {
	t.Helper()
	rows, err := d.Query(context.Background(), `SELECT action FROM audit_entry ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func TestTrackedProjectLifecycle(t *testing.T) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		staff := as("ja-staff", auth.PointStaff, w.ja.ID, 0)
		pr, err := w.s.CreateProject(staff, plant(w))
		if err != nil {
			t.Fatal(err)
		}
		if pr.Reference != "ODI-JA-ODI-2026-000001" || pr.PointCode != "JA-ODI" || pr.Enterprise.HomeDistrict != "310104" || pr.Status != StatusActive {
			t.Errorf("project %+v", pr)
		}
		if pr.CNYPerUSD != "7.1000" || pr.TotalRMB != 248_500_000_000 {
			t.Errorf("RMB equivalent %s × %d = %d fen", pr.CNYPerUSD, pr.Project.TotalUSD, pr.TotalRMB)
		}
		route := []string{}
		for _, st := range pr.Steps {
			route = append(route, string(st.Regime)+":"+string(st.Action)+":"+string(st.Level)+":"+st.Authority)
		}
		if want := []string{"ndrc:filing:national:ndrc", "mofcom:filing:provincial:provincial_commerce", "safe:filing:bank:bank"}; !slices.Equal(route, want) {
			t.Errorf("route %v, want %v", route, want)
		}
		ndrc := pr.Step(RegimeNDRC)
		if ndrc.Clock.Phase != PhaseNotStarted || ndrc.TimeLimitWorkdays != 7 || len(ndrc.Documents) == 0 || ndrc.Documents[0].Status != DocMissing {
			t.Errorf("NDRC step %+v", ndrc)
		}

		// A second project at the same point takes the next number; the same request cannot open two.
		again := plant(w)
		if _, err := w.s.CreateProject(staff, again); err == nil {
			t.Error("a second project from the same request was opened")
		} else {
			wantFields(t, err, "request_reference odi.request_has_project")
		}
		again.RequestReference = ""
		second, err := w.s.CreateProject(staff, again)
		if err != nil {
			t.Fatal(err)
		}
		if second.Reference != "ODI-JA-ODI-2026-000002" || second.RequestReference != "" {
			t.Errorf("second project %s from %q", second.Reference, second.RequestReference)
		}

		// The first step: submitted, accepted, more documents requested, resumed.
		w.now = time.Date(2026, 3, 11, 2, 0, 0, 0, time.UTC)
		pr, err = w.s.SaveStep(staff, pr.ID, RegimeNDRC, StepInput{SubmittedOn: "2026-03-02", AcceptedOn: "2026-03-03",
			Pauses: []PauseInput{{RequestedOn: "2026-03-04", ResumedOn: "2026-03-09", Note: "补充资金来源证明"}}, Version: ndrc.Version})
		if err != nil {
			t.Fatal(err)
		}
		c := pr.Step(RegimeNDRC).Clock
		if c.Phase != PhaseRunning || c.UsedWorkdays != 3 || c.PausedWorkdays != 3 || c.LeftWorkdays != 4 || c.DueOn != "2026-03-17" {
			t.Errorf("clock %+v", c)
		}
		if _, err := w.s.SaveStep(staff, pr.ID, RegimeNDRC, StepInput{SubmittedOn: "2026-03-02", Version: ndrc.Version}); !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("stale version: %v, want conflict", err)
		}
		_, err = w.s.SaveStep(staff, pr.ID, RegimeNDRC, StepInput{SubmittedOn: "2026-03-05", AcceptedOn: "2026-03-03", Version: pr.Step(RegimeNDRC).Version})
		wantFields(t, err, "accepted_on odi.date_order")

		// Decided: granted with a notice number, valid two years.
		pr, err = w.s.SaveStep(staff, pr.ID, RegimeNDRC, StepInput{SubmittedOn: "2026-03-02", AcceptedOn: "2026-03-03", DecidedOn: "2026-03-11",
			Decision: Granted, NoticeNumber: "沪发改外资备〔2026〕12号",
			Pauses: []PauseInput{{RequestedOn: "2026-03-04", ResumedOn: "2026-03-09"}}, Version: pr.Step(RegimeNDRC).Version})
		if err != nil {
			t.Fatal(err)
		}
		if st := pr.Step(RegimeNDRC); st.ValidUntil != "2028-03-10" || st.Clock.Phase != PhaseDecided || st.Clock.UsedWorkdays != 3 {
			t.Errorf("decided step %+v", st)
		}

		// Staff override: the project is in fact a weapons-parts plant (MOFCOM-sensitive). MOFCOM's
		// step is not submitted yet, so it becomes an approval; NDRC's decided step keeps its route
		// and is flagged for review since NDRC would now decide otherwise too.
		pr, err = w.s.SetOverrides(staff, pr.ID, pr.Version, []Override{
			{Flag: MOFCOMIndustry, Sensitive: true, Reason: "产品含出口管制零部件"},
			{Flag: NDRCIndustry, Sensitive: true, Reason: "军品配套"}})
		if err != nil {
			t.Fatal(err)
		}
		if st := pr.Step(RegimeMOFCOM); st.Action != Approval || st.TimeLimitWorkdays != 30 {
			t.Errorf("MOFCOM after override: %s %d", st.Action, st.TimeLimitWorkdays)
		}
		if st := pr.Step(RegimeNDRC); st.Action != Filing {
			t.Errorf("NDRC's decided step was rerouted to %s", st.Action)
		}
		if !slices.Equal(pr.RouteChanged, []Regime{RegimeNDRC}) {
			t.Errorf("route changed %v", pr.RouteChanged)
		}
		var docs []string
		for _, d := range pr.Step(RegimeMOFCOM).Documents {
			docs = append(docs, d.Doc)
		}
		if !slices.Contains(docs, "mofcom_application") || !slices.Contains(docs, "export_permission") || slices.Contains(docs, "mofcom_filing_form") {
			t.Errorf("MOFCOM checklist after override: %v", docs)
		}
		if o := pr.Project.Overrides; len(o) != 2 || o[0].Flag != NDRCIndustry || o[0].By != "ja-staff" {
			t.Errorf("overrides %+v", o)
		}
		_, err = w.s.SetOverrides(staff, pr.ID, pr.Version, []Override{{Flag: MOFCOMIndustry, Sensitive: true}})
		wantFields(t, err, "overrides[0].reason odi.override_reason")

		// Editing the project re-routes what is not submitted yet.
		f := pr.Project
		fields := ProjectFields{Title: pr.Title + "（二期）", EnterpriseType: f.EnterpriseType, Country: "VN", Industry: f.Industry, Form: MA,
			TotalUSD: f.TotalUSD, ChineseUSD: f.ChineseUSD, DomesticInput: yes(), ViaOverseasSubsidiary: no(), CNYPerUSD: "7.2"}
		pr, err = w.s.UpdateProject(staff, pr.ID, pr.Version, fields)
		if err != nil {
			t.Fatal(err)
		}
		if pr.CNYPerUSD != "7.2000" || pr.Project.Form != MA || pr.Title != "越南海防精密零部件工厂（二期）" {
			t.Errorf("updated %+v", pr)
		}
		if _, err := w.s.UpdateProject(staff, pr.ID, pr.Version-1, fields); !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("stale update: %v", err)
		}

		acts := auditActions(t, d)
		for _, want := range []string{"odi.project.create", "odi.step.save", "odi.project.overrides", "odi.project.update"} {
			if !slices.Contains(acts, want) {
				t.Errorf("audit lacks %s: %v", want, acts)
			}
		}
	})
}

func TestOpeningAProjectChecksEverything(t *testing.T) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		staff := as("ja-staff", auth.PointStaff, w.ja.ID, 0)
		edit := func(fn func(*NewProject)) NewProject { p := plant(w); fn(&p); return p }
		for _, tc := range []struct {
			name string
			in   NewProject
			want []string
		}{
			{"empty", NewProject{}, []string{"title error.required", "point error.required", "enterprise_uscc error.required",
				"domestic_input error.required", "via_overseas_subsidiary error.required", "country error.required",
				"total_investment_usd_cents odi.amount_positive"}},
			{"unknown point", edit(func(p *NewProject) { p.Point = "NOPE" }), []string{"point odi.point_unknown"}},
			{"unknown enterprise", edit(func(p *NewProject) { p.EnterpriseUSCC = validUSCC(t, "91310000MA1FL9999") }), []string{"enterprise_uscc odi.enterprise_unknown"}},
			{"bad USCC", edit(func(p *NewProject) { p.EnterpriseUSCC = "91310000MA1FL4B24X" }), []string{"enterprise_uscc uscc.check_digit"}},
			{"bad request reference", edit(func(p *NewProject) { p.RequestReference = "JA/1" }), []string{"request_reference odi.request_reference_bad"}},
			{"negative amount", edit(func(p *NewProject) { p.TotalUSD = -5 }), []string{"total_investment_usd_cents odi.amount_positive"}},
			{"Chinese side above total", edit(func(p *NewProject) { p.ChineseUSD = p.TotalUSD + 1 }), []string{"chinese_investment_usd_cents odi.chinese_exceeds_total"}},
			{"unknown country and industry", edit(func(p *NewProject) { p.Country, p.Industry = "ZZ", "C99" }),
				[]string{"country odi.country_unknown", "industry odi.industry_unknown"}},
			{"domestic loan without domestic input", edit(func(p *NewProject) { p.DomesticInput = no(); p.ViaOverseasSubsidiary = yes() }),
				[]string{"financing[1] odi.financing_is_domestic_input"}},
			{"unknown financing source", edit(func(p *NewProject) { p.Financing = []string{"crypto", "own_funds", "own_funds"} }),
				[]string{"financing[0] error.bad_choice", "financing[2] odi.financing_duplicate"}},
			{"rate out of range", edit(func(p *NewProject) { p.CNYPerUSD = "71.234" }), []string{"cny_per_usd odi.rate_range"}},
			{"title with a control character", edit(func(p *NewProject) { p.Title = "a\x07" }), []string{"title error.too_long"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := w.s.CreateProject(staff, tc.in)
				wantFields(t, err, tc.want...)
			})
		}

		// A point that does not offer ODI consultation opens no projects.
		_, err := w.s.CreateProject(as("xh-staff", auth.PointStaff, w.xh.ID, 0), edit(func(p *NewProject) { p.Point = "XH" }))
		wantFields(t, err, "point odi.point_not_odi")
		// Only staff of the serving point (and coordinators) open its projects; naming another point
		// is refused before anything else is looked at.
		if _, err := w.s.CreateProject(staff, edit(func(p *NewProject) { p.Point = "XH" })); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("Jing'an staff opened a project at Xuhui: %v", err)
		}
		for _, ctx := range []context.Context{as("xh-staff", auth.PointStaff, w.xh.ID, 0), as("firm", auth.EnterpriseAdmin, 0, w.xuhuiFirm.ID)} {
			if _, err := w.s.CreateProject(ctx, plant(w)); !errors.Is(err, apperr.ErrForbidden) {
				t.Errorf("%s opened a Jing'an project: %v", auth.From(ctx).Login, err)
			}
		}
		if _, err := w.s.CreateProject(as("coord", auth.CityCoordinator, 0, 0), plant(w)); err != nil {
			t.Errorf("coordinator: %v", err)
		}
	})
}

func TestProjectsAreSeenByTheirPointEnterpriseAndCoordinators(t *testing.T) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		staff := as("ja-staff", auth.PointStaff, w.ja.ID, 0)
		mine, err := w.s.CreateProject(staff, plant(w))
		if err != nil {
			t.Fatal(err)
		}
		other := plant(w)
		other.RequestReference, other.EnterpriseUSCC, other.Title = "", w.jaF.USCC, "新加坡区域总部"
		other.Country, other.Industry, other.TotalUSD, other.ChineseUSD = "SG", "L72", usd(20_000_000), usd(20_000_000)
		theirs, err := w.s.CreateProject(staff, other)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			ctx  context.Context
			see  []int64
			list []string
		}{
			{staff, []int64{mine.ID, theirs.ID}, []string{theirs.Reference, mine.Reference}},
			{as("coord", auth.CityCoordinator, 0, 0), []int64{mine.ID, theirs.ID}, []string{theirs.Reference, mine.Reference}},
			{as("xh-staff", auth.PointStaff, w.xh.ID, 0), nil, nil},
			{as("firm", auth.EnterpriseMember, 0, w.xuhuiFirm.ID), []int64{mine.ID}, []string{mine.Reference}},
			{as("ja-firm", auth.EnterpriseAdmin, 0, w.jaF.ID), []int64{theirs.ID}, []string{theirs.Reference}},
		} {
			login := auth.From(tc.ctx).Login
			for _, id := range []int64{mine.ID, theirs.ID} {
				_, err := w.s.Project(tc.ctx, id)
				if slices.Contains(tc.see, id) != (err == nil) {
					t.Errorf("%s sees project %d: %v", login, id, err)
				}
				if err != nil && !errors.Is(err, apperr.ErrForbidden) {
					t.Errorf("%s: %v, want forbidden", login, err)
				}
			}
			ps, total, err := w.s.ListProjects(tc.ctx, ProjectFilter{Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			var refs []string
			for _, p := range ps {
				refs = append(refs, p.Reference)
			}
			if !slices.Equal(refs, tc.list) || total != len(tc.list) {
				t.Errorf("%s lists %v (%d), want %v", login, refs, total, tc.list)
			}
		}
		if _, _, err := w.s.ListProjects(as("prov", auth.ProviderAdmin, 0, 0), ProjectFilter{}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("provider listed projects: %v", err)
		}
		// Enterprises follow their project but do not manage it.
		firm := as("firm", auth.EnterpriseMember, 0, w.xuhuiFirm.ID)
		if _, err := w.s.SaveStep(firm, mine.ID, RegimeNDRC, StepInput{SubmittedOn: "2026-03-02", Version: 1}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("enterprise saved a step: %v", err)
		}
		ps, _, err := w.s.ListProjects(as("coord", auth.CityCoordinator, 0, 0), ProjectFilter{Q: "新加坡", Limit: 10})
		if err != nil || len(ps) != 1 || ps[0].ID != theirs.ID {
			t.Errorf("search: %v %v", ps, err)
		}
		_, _, err = w.s.ListProjects(staff, ProjectFilter{Status: "lost"})
		wantFields(t, err, "status error.bad_choice")
	})
}

func TestDocumentsUploadsAndStatus(t *testing.T) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		staff := as("ja-staff", auth.PointStaff, w.ja.ID, 0)
		pr, err := w.s.CreateProject(staff, plant(w))
		if err != nil {
			t.Fatal(err)
		}
		doc := pr.Step(RegimeNDRC).Documents[1] // business licence
		pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("x"), 100)...)
		firm := as("firm", auth.EnterpriseAdmin, 0, w.xuhuiFirm.ID)
		f, err := w.s.Upload(firm, pr.ID, doc.ID, `C:\scans\营业执照.pdf`, pdf)
		if err != nil {
			t.Fatal(err)
		}
		if f.Filename != "营业执照.pdf" || f.ContentType != "application/pdf" || f.Size != int64(len(pdf)) || f.UploadedBy != "firm" {
			t.Errorf("file %+v", f)
		}
		zip := append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0}, 60)...)
		for _, tc := range []struct {
			name, file string
			content    []byte
			want       string
		}{
			{"HTML pretending to be a PDF", "licence.pdf", []byte("<html><script>alert(1)</script></html>"), "file odi.file_type"},
			{"empty", "x.pdf", nil, "file odi.file_empty"},
			{"too large", "x.pdf", append([]byte("%PDF-"), make([]byte, MaxUploadBytes)...), "file odi.file_too_large"},
			{"zip that is no document", "archive.exe", zip, "file odi.file_type"},
			{"no name", "", pdf, "file odi.file_name"},
		} {
			_, err := w.s.Upload(staff, pr.ID, doc.ID, tc.file, tc.content)
			wantFields(t, err, tc.want)
		}
		if f, err := w.s.Upload(staff, pr.ID, doc.ID, "章程.docx", zip); err != nil || !strings.Contains(f.ContentType, "wordprocessingml") {
			t.Errorf("docx: %+v %v", f, err)
		}
		if _, err := w.s.Upload(as("ja-firm", auth.EnterpriseAdmin, 0, w.jaF.ID), pr.ID, doc.ID, "x.pdf", pdf); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("another enterprise uploaded: %v", err)
		}
		pr, err = w.s.Project(staff, pr.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, got := pr.Document(doc.ID)
		if got.Status != DocReceived || len(got.Files) != 2 {
			t.Fatalf("document after uploads: %+v", got)
		}
		info, content, err := w.s.File(firm, pr.ID, f.ID)
		if err != nil || !bytes.Equal(content, pdf) || info.SHA256 != f.SHA256 {
			t.Errorf("download: %+v %v", info, err)
		}
		if _, _, err := w.s.File(as("xh-staff", auth.PointStaff, w.xh.ID, 0), pr.ID, f.ID); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("other point downloaded: %v", err)
		}
		if _, _, err := w.s.File(staff, pr.ID+1, f.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("file through another project: %v", err)
		}
		_, err = w.s.SetDocumentStatus(staff, pr.ID, doc.ID, DocumentInput{Status: DocRejected, Version: got.Version})
		wantFields(t, err, "note odi.rejection_needs_note")
		pr, err = w.s.SetDocumentStatus(staff, pr.ID, doc.ID, DocumentInput{Status: DocRejected, Note: "副本未盖章", Version: got.Version})
		if err != nil {
			t.Fatal(err)
		}
		if _, got := pr.Document(doc.ID); got.Status != DocRejected || got.Note != "副本未盖章" {
			t.Errorf("status %+v", got)
		}
		if _, err := w.s.SetDocumentStatus(firm, pr.ID, doc.ID, DocumentInput{Status: DocAccepted, Version: got.Version + 1}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("enterprise accepted its own document: %v", err)
		}
		if _, err := w.s.SetDocumentStatus(staff, pr.ID, doc.ID, DocumentInput{Status: DocAccepted, Version: got.Version}); !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("stale document version: %v", err)
		}
		if _, err := w.s.SetDocumentStatus(staff, pr.ID, 999999, DocumentInput{Status: DocAccepted}); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("unknown document: %v", err)
		}
	})
}

func TestAlertsAreRaisedOnceAndNotified(t *testing.T) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		var mu sync.Mutex
		var sent []string
		w.s.Notify = func(ctx context.Context, tx *db.Tx, a Alert) error {
			mu.Lock()
			defer mu.Unlock()
			sent = append(sent, string(a.Regime)+":"+a.Kind+":"+a.DueOn)
			return nil
		}
		staff := as("ja-staff", auth.PointStaff, w.ja.ID, 0)
		pr, err := w.s.CreateProject(staff, plant(w))
		if err != nil {
			t.Fatal(err)
		}
		w.now = time.Date(2026, 3, 3, 1, 0, 0, 0, time.UTC)
		pr, err = w.s.SaveStep(staff, pr.ID, RegimeNDRC, StepInput{SubmittedOn: "2026-03-02", AcceptedOn: "2026-03-02", Version: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(sent) != 0 {
			t.Fatalf("alerts on day one: %v", sent)
		}
		w.now = time.Date(2026, 3, 9, 1, 0, 0, 0, time.UTC) // 5 of 7 days used
		if n, err := w.s.Sweep(context.Background()); err != nil || n != 1 {
			t.Fatalf("sweep near: %d %v", n, err)
		}
		if n, err := w.s.Sweep(context.Background()); err != nil || n != 0 {
			t.Fatalf("second sweep: %d %v", n, err)
		}
		w.now = time.Date(2026, 3, 12, 1, 0, 0, 0, time.UTC) // past the limit
		if n, err := w.s.Sweep(context.Background()); err != nil || n != 1 {
			t.Fatalf("sweep overdue: %d %v", n, err)
		}
		// Granted late; then the project completes and the completion report falls due.
		pr, err = w.s.SaveStep(staff, pr.ID, RegimeNDRC, StepInput{SubmittedOn: "2026-03-02", AcceptedOn: "2026-03-02", DecidedOn: "2026-03-12",
			Decision: Granted, NoticeNumber: "发改办外资备〔2026〕88号", Version: pr.Step(RegimeNDRC).Version})
		if err != nil {
			t.Fatal(err)
		}
		w.now = time.Date(2027, 6, 1, 1, 0, 0, 0, time.UTC)
		pr, err = w.s.SetMilestones(staff, pr.ID, pr.Version, Milestones{StartedOn: "2026-04-01", CompletedOn: "2027-05-31"})
		if err != nil {
			t.Fatal(err)
		}
		if pr.Status != StatusCompleted || pr.CompletionReportDue != "2027-06-28" {
			t.Errorf("completion: %s due %s", pr.Status, pr.CompletionReportDue)
		}
		w.now = time.Date(2027, 6, 29, 1, 0, 0, 0, time.UTC)
		if n, err := w.s.Sweep(context.Background()); err != nil || n != 1 {
			t.Fatalf("sweep completion overdue: %d %v", n, err)
		}
		want := []string{"ndrc:clock_near:2026-03-11", "ndrc:clock_overdue:2026-03-11", "ndrc:completion_report_due:2027-06-28",
			"ndrc:completion_report_overdue:2027-06-28"}
		if !slices.Equal(sent, want) {
			t.Errorf("sent %v, want %v", sent, want)
		}
		pr, err = w.s.Project(staff, pr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(pr.Alerts) != 4 || pr.Alerts[0].Kind != AlertCompletionOverdue || pr.Alerts[0].Message.Key != "odi.alert.completion_report_overdue" {
			t.Errorf("alerts %+v", pr.Alerts)
		}
		_, err = w.s.SetMilestones(staff, pr.ID, pr.Version, Milestones{CompletionReportOn: "2027-06-01"})
		wantFields(t, err, "completion_report_on odi.report_needs_completion")
		_, err = w.s.SetMilestones(staff, pr.ID, pr.Version, Milestones{StartedOn: "2027-05-01", CompletedOn: "2027-04-01", WithdrawnOn: "2027-04-02"})
		wantFields(t, err, "completed_on odi.date_order", "withdrawn_on odi.withdrawn_completed")
		_, err = w.s.SetMilestones(staff, pr.ID, pr.Version, Milestones{StartedOn: "2027-07-01"})
		wantFields(t, err, "started_on odi.date_future")
	})
}

func TestNoticesAboutToLapseAreRemindedUnlessInvested(t *testing.T) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		staff := as("ja-staff", auth.PointStaff, w.ja.ID, 0)
		pr, err := w.s.CreateProject(staff, plant(w))
		if err != nil {
			t.Fatal(err)
		}
		pr, err = w.s.SaveStep(staff, pr.ID, RegimeNDRC, StepInput{SubmittedOn: "2026-03-02", AcceptedOn: "2026-03-02", DecidedOn: "2026-03-02",
			Decision: Granted, NoticeNumber: "N-1", Version: 1})
		if err != nil {
			t.Fatal(err)
		}
		w.now = time.Date(2027, 12, 31, 1, 0, 0, 0, time.UTC) // 61 days before 2028-03-01
		if n, _ := w.s.Sweep(context.Background()); n != 0 {
			t.Errorf("reminded %d too early", n)
		}
		w.now = time.Date(2028, 1, 1, 1, 0, 0, 0, time.UTC)
		if n, _ := w.s.Sweep(context.Background()); n != 1 {
			t.Errorf("expiry reminders: %d, want 1", n)
		}
		w.now = time.Date(2028, 3, 2, 1, 0, 0, 0, time.UTC)
		if n, _ := w.s.Sweep(context.Background()); n != 1 {
			t.Errorf("expired: %d, want 1", n)
		}
		pr, err = w.s.Project(staff, pr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if pr.Alerts[0].Kind != AlertNoticeExpired || pr.Alerts[1].Kind != AlertNoticeExpiring {
			t.Errorf("alerts %+v", pr.Alerts)
		}
		// Once the investment is made, the notice no longer lapses.
		if _, err := w.s.SetMilestones(staff, pr.ID, pr.Version, Milestones{StartedOn: "2026-05-01"}); err != nil {
			t.Fatal(err)
		}
		if DueAlerts(mustProject(t, w, staff, pr.ID), w.s.today()) != nil {
			t.Error("a started project is still reminded of its notice")
		}
	})
}

func mustProject(t *testing.T, w *world, ctx context.Context, id int64) *Tracked {
	t.Helper()
	pr, err := w.s.Project(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return pr
}

func TestProjectsOpenFromCaseworkRequests(t *testing.T) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		requests := map[string]Request{
			"JA-ODI-2026-000007": {Reference: "JA-ODI-2026-000007", PointID: w.ja.ID, EnterpriseID: w.xuhuiFirm.ID},
			"JA-ODI-2026-000008": {Reference: "JA-ODI-2026-000008", PointID: w.ja.ID},
			"XH-2026-000009":     {Reference: "XH-2026-000009", PointID: w.xh.ID, EnterpriseID: w.jaF.ID},
		}
		w.s.Requests = func(ctx context.Context, ref string) (Request, error) {
			if r, ok := requests[ref]; ok {
				return r, nil
			}
			return Request{}, apperr.NotFound("request " + ref)
		}
		staff := as("ja-staff", auth.PointStaff, w.ja.ID, 0)
		fromRequest := func(ref string) NewProject {
			p := plant(w)
			p.RequestReference, p.Point, p.EnterpriseUSCC = ref, "", ""
			return p
		}
		det, err := w.s.RequestInfo(staff, "ja-odi-2026-000007")
		if err != nil || det.PointCode != "JA-ODI" || det.EnterpriseUSCC != w.xuhuiFirm.USCC {
			t.Errorf("request details %+v %v", det, err)
		}
		pr, err := w.s.CreateProject(staff, fromRequest("JA-ODI-2026-000007"))
		if err != nil {
			t.Fatal(err)
		}
		if pr.PointCode != "JA-ODI" || pr.Enterprise.ID != w.xuhuiFirm.ID || pr.RequestReference != "JA-ODI-2026-000007" {
			t.Errorf("project from the request: %+v", pr)
		}
		if got, err := w.s.ProjectForRequest(staff, " ja-odi-2026-000007"); err != nil || got.ID != pr.ID {
			t.Errorf("the request's project: %v %v", got, err)
		}
		if _, err := w.s.ProjectForRequest(staff, "JA-ODI-2026-000008"); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("a request without a project: %v", err)
		}
		_, err = w.s.CreateProject(staff, fromRequest("JA-ODI-2026-000404"))
		wantFields(t, err, "request_reference odi.request_unknown")
		_, err = w.s.CreateProject(staff, fromRequest("JA-ODI-2026-000008"))
		wantFields(t, err, "request_reference odi.request_no_enterprise")
		mismatch := fromRequest("JA-ODI-2026-000007")
		mismatch.Point, mismatch.EnterpriseUSCC = "XH", w.jaF.USCC
		mismatch.RequestReference = "JA-ODI-2026-000007"
		_, err = w.s.CreateProject(staff, mismatch)
		wantFields(t, err, "point odi.request_mismatch", "enterprise_uscc odi.request_mismatch")
		// A request served by another point is not Jing'an's to open.
		if _, err := w.s.CreateProject(staff, fromRequest("XH-2026-000009")); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("opened another point's request: %v", err)
		}
	})
}
