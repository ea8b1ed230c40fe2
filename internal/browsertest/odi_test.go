package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"chuhai/internal/app"
	"chuhai/internal/audit"
	"chuhai/internal/demo"
	"chuhai/internal/odi"
	"chuhai/internal/workday"
)

// beijingToday is today's date where the authorities count.
func beijingToday() workday.Date { return workday.DateOf(time.Now().In(time.FixedZone("CST", 8*3600))) }

// workdaysAgo is the date n working days before today.
func workdaysAgo(t *testing.T, s *site, n int) string {
	t.Helper()
	cal, err := s.App.Workday.Calendar(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	d, _ := cal.AddWorkdays(beijingToday(), -n)
	return d.String()
}

// fillProject fills in the fields that describe the journey's project: a local private
// enterprise's USD 350M greenfield plant in Vietnam with financing from China.
func (b *browser) fillProject() {
	b.t.Helper()
	if err := b.step(
		chromedp.Click(chromedp.CSS(`input[name="enterprise_type"][value="local"]`)),
		chromedp.SetValue(chromedp.ID("f-country"), "VN"),
		chromedp.SetValue(chromedp.ID("f-industry"), "C38"),
		chromedp.SetValue(chromedp.ID("f-form"), "greenfield"),
		chromedp.SendKeys(chromedp.ID("f-total_usd"), "350,000,000"),
		chromedp.SendKeys(chromedp.ID("f-chinese_usd"), "350,000,000"),
		chromedp.Click(chromedp.CSS(`input[name="domestic_input"][value="1"]`)),
		chromedp.Click(chromedp.CSS(`input[name="via_overseas_subsidiary"][value="0"]`)),
	); err != nil {
		b.fatalf("fill the project: %v", err)
	}
}

// step returns what the page says about one step of a route: "action/level" and the authority.
func (b *browser) route(sel string) []string {
	b.t.Helper()
	r, err := eval[[]string](b, `Array.from(document.querySelectorAll(`+"`"+sel+"`"+`)).map(li =>
		li.dataset.regime + ":" + li.dataset.action + "/" + li.dataset.level + ":" + ((li.querySelector('.odi-authority') || {}).textContent || ''))`)
	if err != nil {
		b.fatalf("read the route: %v", err)
	}
	return r
}

// TestODIJourney is the journey: an anonymous visitor self-assesses a USD 350M greenfield plant
// in Vietnam by a local private enterprise with domestic financing and is told NDRC filing (national),
// MOFCOM filing at the provincial commerce department, then SAFE registration at the bank; a staff
// member of the Jing'an ODI point then opens a tracked project from the enterprise's request (the
// request's page links to the form, which takes the request's point and enterprise), records the
// first step's dates and sees the clock.
func TestODIJourney(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, func(ctx context.Context, a *app.App) error {
		if err := demo.Load(ctx, a); err != nil {
			return err
		}
		return demo.LoadCasework(ctx, a)
	})

	// 1. The self-assessment, signed out.
	b.visit(s.URL + "/odi")
	b.fillProject()
	b.navigate(chromedp.Click(chromedp.CSS(`form[action="/odi/assess"] button[type="submit"]`)))
	b.checkPage("self-assessment result")
	want := []string{"ndrc:filing/national:国家发展和改革委员会", "mofcom:filing/provincial:上海市商务委员会", "safe:filing/bank:企业开户银行（国家外汇管理局监管）"}
	if got := b.route(`li.odi-step`); strings.Join(got, " | ") != strings.Join(want, " | ") {
		b.errorf("route %v\nwant  %v", got, want)
	}
	if h := b.text("#odi-result"); h != "办理路径" {
		b.errorf("result heading %q", h)
	}

	// 2. A staff member of the ODI point opens a project from the request.
	var uscc string
	if err := s.App.DB.QueryRow(context.Background(), `SELECT uscc FROM enterprise WHERE name_zh LIKE '%智元机器人%'`).Scan(&uscc); err != nil {
		t.Fatal(err)
	}
	var ref string
	if err := s.App.DB.QueryRow(context.Background(), `SELECT ref FROM casework_request WHERE title = '越南北宁机器人组装厂 ODI 备案'`).Scan(&ref); err != nil {
		t.Fatal(err)
	}
	b.visit(s.URL + "/signin")
	b.signIn("odi.staff", "West-Beijing-Rd-1399", "")
	b.visit(s.URL + "/console/casework/requests/" + ref)
	b.navigate(chromedp.Click(chromedp.ID("open-odi-project")))
	for id, want := range map[string]string{"f-request_reference": ref, "f-enterprise_uscc": uscc} {
		if v, err := eval[string](b, `document.getElementById('`+id+`').value`); err != nil || v != want {
			b.errorf("%s %q (%v), want %s", id, v, err, want)
		}
	}
	if err := b.step(
		chromedp.SendKeys(chromedp.ID("f-title"), "越南北宁工业机器人工厂"),
		chromedp.Click(chromedp.CSS(`input[name="financing"][value="domestic_loan"]`)),
	); err != nil {
		b.fatalf("fill the project form: %v", err)
	}
	b.fillProject()
	b.navigate(chromedp.Click(chromedp.CSS(`form[action="/odi/projects"] button[type="submit"]`)))
	b.checkPage("the new project")
	if h1 := b.text("h1"); !strings.Contains(h1, "ODI-JA-ODI-") || !strings.Contains(h1, "越南北宁工业机器人工厂") {
		b.fatalf("project page h1 %q", h1)
	}
	if phase := b.text(`#step-ndrc .odi-clock strong`); phase != "尚未提交" {
		b.errorf("NDRC clock before submission: %q", phase)
	}

	// 3. The first step's dates, and the clock.
	if err := b.step(
		chromedp.SetValue(chromedp.ID("f-step-ndrc-submitted_on"), workdaysAgo(t, s, 3)),
		chromedp.SetValue(chromedp.ID("f-step-ndrc-accepted_on"), workdaysAgo(t, s, 2)),
	); err != nil {
		b.fatalf("fill the step: %v", err)
	}
	b.navigate(chromedp.Click(chromedp.CSS(`#step-ndrc form.odi-step-form button[type="submit"]`)))
	b.checkPage("the project after the first step's dates")
	clock := b.text(`#step-ndrc .odi-clock`)
	for _, w := range []string{"计时中", "已用 2 个工作日（时限 7 个）", "剩余 5 个", "届满"} {
		if !strings.Contains(clock, w) {
			b.errorf("NDRC clock %q lacks %q", clock, w)
		}
	}
	if p := b.path(); !strings.HasPrefix(p, "/odi/projects/") {
		b.errorf("after saving the step the browser is on %s", p)
	}
}

// TestODIAnalyticsChartDraws signs in as the city coordinator and checks that the analytics page
// draws its ECharts chart under the platform's CSP, beside the table of the same figures.
func TestODIAnalyticsChartDraws(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, func(ctx context.Context, a *app.App) error {
		if err := demo.Load(ctx, a); err != nil {
			return err
		}
		ctx = audit.WithMeta(ctx, audit.Meta{ActorLogin: "test"})
		var uscc string
		if err := a.DB.QueryRow(ctx, `SELECT uscc FROM enterprise WHERE name_zh LIKE '%智元机器人%'`).Scan(&uscc); err != nil {
			return err
		}
		yes, no := true, false
		p, err := a.ODI.CreateProject(ctx, odi.NewProject{Point: "JA-ODI", EnterpriseUSCC: uscc, ProjectFields: odi.ProjectFields{
			Title: "越南工厂", EnterpriseType: odi.Local, Country: "VN", Industry: "C38", Form: odi.Greenfield,
			TotalUSD: 35_000_000_000, ChineseUSD: 35_000_000_000, DomesticInput: &yes, ViaOverseasSubsidiary: &no}})
		if err != nil {
			return err
		}
		cal, err := a.Workday.Calendar(ctx)
		if err != nil {
			return err
		}
		day := func(n int) string { d, _ := cal.AddWorkdays(beijingToday(), -n); return d.String() }
		_, err = a.ODI.SaveStep(ctx, p.ID, odi.RegimeNDRC, odi.StepInput{SubmittedOn: day(12), AcceptedOn: day(12), DecidedOn: day(3),
			Decision: odi.Granted, Version: p.Step(odi.RegimeNDRC).Version})
		return err
	})
	b.visit(s.URL + "/signin")
	b.signIn("coordinator", "Huangpu-River-2026", "")
	b.visit(s.URL + "/odi/analytics")
	drawn, err := eval[bool](b, `new Promise(r => setTimeout(() => r(document.querySelector('#odi-chart canvas') !== null), 300))`)
	if err != nil || !drawn {
		b.errorf("the chart was not drawn (err %v)", err)
	}
	b.checkPage("analytics with its chart")
	if cell := b.text(`table.odi-cycle tbody th`); !strings.Contains(cell, "备案 (7)") {
		b.errorf("first row of the figures: %q", cell)
	}
	b.visit(s.URL + "/odi/rules")
}
