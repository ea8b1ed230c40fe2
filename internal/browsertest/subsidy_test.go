package browsertest

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"chuhai/internal/audit"
	"chuhai/internal/auth"
	"chuhai/internal/casework"
	"chuhai/internal/demo"
	"chuhai/internal/money"
	"chuhai/internal/workday"
)

// invoiceThroughCasework records an invoice of amount on a new engagement between the demo's
// Xuhui enterprise and its Xuhui law firm, the way casework does it: the enterprise asks the Xuhui
// point for legal help, staff refer the law firm, which accepts; staff record the engagement and the
// firm its invoice. It returns the invoice's id.
func invoiceThroughCasework(t *testing.T, s *site, amount money.Fen, issued string) int64 {
	t.Helper()
	ctx := context.Background()
	as := func(login string) context.Context {
		u, err := s.App.Auth.UserByLogin(ctx, login)
		if err != nil {
			t.Fatal(err)
		}
		p := &auth.Principal{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, PointID: u.PointID,
			EnterpriseID: u.EnterpriseID, ProviderID: u.ProviderID}
		return audit.WithMeta(auth.WithPrincipal(ctx, p), audit.Meta{ActorID: u.ID, ActorLogin: u.Login, RequestID: "journey"})
	}
	cw := s.App.Casework
	r, err := cw.CreateRequest(as("ent.admin"), casework.NewRequest{Topic: "legal", Countries: []string{"VN"},
		Title: "越南工厂劳动合同与合规审查", Description: "为越南北宁工厂起草劳动合同范本并审查当地合规要求。"})
	if err != nil {
		t.Fatal(err)
	}
	staff, err := s.App.Auth.UserByLogin(ctx, "xh.staff")
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		login string
		t     casework.Transition
	}{
		{"xh.staff", casework.Transition{Action: casework.ActionTriage}},
		{"xh.lead", casework.Transition{Action: casework.ActionAssign, AssigneeID: staff.ID}},
		{"xh.staff", casework.Transition{Action: casework.ActionStart}},
	} {
		step.t.Version = r.Version
		if r, err = cw.Transition(as(step.login), r.Ref, step.t); err != nil {
			t.Fatalf("%s: %v", step.t.Action, err)
		}
	}
	law, err := s.App.Auth.UserByLogin(ctx, "law.admin")
	if err != nil {
		t.Fatal(err)
	}
	refs, err := cw.Refer(as("xh.staff"), r.Ref, casework.NewReferral{ProviderIDs: []int64{law.ProviderID}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := cw.RespondReferral(as("law.admin"), refs[0].ID, refs[0].Version, true, "")
	if err != nil {
		t.Fatal(err)
	}
	e, err := cw.CreateEngagement(as("xh.staff"), casework.NewEngagement{ReferralID: f.ID, Scope: "越南劳动法合规审查与合同范本",
		AmountFen: amount, StartOn: issued, EndOn: issued})
	if err != nil {
		t.Fatal(err)
	}
	if e, err = cw.AddInvoice(as("law.admin"), e.ID, casework.NewInvoice{Number: "HH-2026-1200", AmountFen: amount, IssuedOn: issued}); err != nil {
		t.Fatal(err)
	}
	return e.Invoices[len(e.Invoices)-1].ID
}

// TestSubsidyJourney: a 1,200,000 yuan invoice is recorded through casework on an engagement between
// a Xuhui enterprise and a Xuhui alliance law firm (the demo's, with their directory profiles); the
// enterprise sees the Xuhui programme's 300,000.00 offer and accepts it; the Xuhui point's staff and then its lead approve it; the lead records the
// payment; the pacing page shows the new remaining budget; a second claim on the same invoice, from
// the city programme, is limited by the 50% stacking ceiling.
func TestSubsidyJourney(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, demo.Load)
	ctx := context.Background()
	ent, err := s.App.Auth.UserByLogin(ctx, "ent.admin")
	if err != nil {
		t.Fatal(err)
	}
	// 1. The invoice is recorded through casework: 免申即享 works out the offers in its transaction.
	today := workday.DateOf(time.Now().In(time.FixedZone("CST", 8*3600)))
	invoice := invoiceThroughCasework(t, s, 120_000_000, today.String())
	xh, err := s.App.Subsidy.ProgrammeByCode(ctx, "XH-PRO")
	if err != nil {
		t.Fatal(err)
	}
	offerOf := map[int64]int64{} // programme → offer
	os, _, err := s.App.Subsidy.Offers(ctx, ent.EnterpriseID, 20, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range os {
		if o.InvoiceID == invoice {
			offerOf[o.ProgrammeID] = o.ID
		}
	}
	city, err := s.App.Subsidy.ProgrammeByCode(ctx, "SH-PSA")
	if err != nil {
		t.Fatal(err)
	}
	if offerOf[xh.ID] == 0 || offerOf[city.ID] == 0 {
		t.Fatalf("offers %+v, want the Xuhui and the city programme's", os)
	}

	// 2. The enterprise sees the 300,000.00 offer and accepts it with one click.
	eb := b.forTest(t)
	eb.visit(s.URL + "/signin")
	eb.signIn("ent.admin", "Robot-Arm-Caoxi-26", "")
	eb.visit(s.URL + "/subsidy/offers")
	xhOffer := "#offer-" + itoa(offerOf[xh.ID])
	if offer := eb.text(xhOffer); !strings.Contains(offer, "徐汇区企业出海专业服务补贴") || !strings.Contains(offer, "300,000.00") {
		eb.fatalf("offers page lacks the Xuhui 300,000.00 offer:\n%s", offer)
	}
	eb.navigate(chromedp.Click(chromedp.CSS(xhOffer + ` form[action$="/accept"] button`)))
	eb.checkPage("application after consent")
	ref := eb.text("h1 .code")
	if !strings.HasPrefix(ref, "XH-PRO-") {
		eb.fatalf("accepted offer opened %q", ref)
	}
	appPath := eb.path()

	// 3. Point staff pass the point review; the lead approves as the programme owner.
	sb := b.forTest(t)
	sb.visit(s.URL + "/signin")
	sb.signIn("xh.staff", "Xuhui-Window-2026", "")
	sb.visit(s.URL + "/subsidy/applications")
	if q := sb.text("table"); !strings.Contains(q, ref) || !strings.Contains(q, "正常") {
		sb.fatalf("review queue lacks %s with its clock:\n%s", ref, q)
	}
	sb.navigate(chromedp.Click(chromedp.CSS(`table a[href="` + appPath + `"]`)))
	sb.checkPage("application for point staff")
	sb.navigate(chromedp.Click(chromedp.CSS(`button[value="point_approve"]`)))
	sb.checkPage("after the point review")

	lb := b.forTest(t)
	lb.visit(s.URL + "/signin")
	lb.signIn("xh.lead", "Caoxi-North-336", "")
	lb.visit(s.URL + appPath)
	lb.navigate(chromedp.Click(chromedp.CSS(`button[value="approve"]`)))
	lb.checkPage("after approval")
	if st := lb.text("#app-state"); st != "已审批，待支付" {
		lb.fatalf("state after approval %q", st)
	}

	// 4. The payment is recorded.
	lb.navigate(chromedp.Click(chromedp.CSS(`form input[value="pay"] ~ p button`)))
	lb.checkPage("after payment")
	if st := lb.text("#app-state"); st != "已支付" {
		lb.fatalf("state after payment %q", st)
	}

	// 5. The pacing page shows the new remaining budget, and its chart draws.
	lb.visit(s.URL + "/subsidy/programmes/" + itoa(xh.ID) + "/pacing")
	if got := lb.text("#pacing-remaining"); got != "4,700,000.00" {
		lb.fatalf("remaining budget %q, want 4,700,000.00", got)
	}
	if got := lb.text("#pacing-paid"); got != "300,000.00" {
		lb.errorf("paid %q, want 300,000.00", got)
	}
	if err := lb.step(chromedp.WaitVisible(chromedp.CSS(`.chart.chart-ready svg`))); err != nil {
		lb.fatalf("the burn-down chart did not draw: %v", err)
	}
	lb.checkPage("pacing with its chart")

	// 6. A second claim on the same invoice from the city programme: it would pay 40% = 480,000.00,
	// but the strictest stacking ceiling (50% = 600,000.00) leaves 300,000.00.
	eb = b.forTest(t)
	eb.visit(s.URL + "/signin")
	eb.signIn("ent.admin", "Robot-Arm-Caoxi-26", "")
	eb.visit(s.URL + "/subsidy/offers")
	eb.navigate(chromedp.Click(chromedp.CSS("#offer-" + itoa(offerOf[city.ID]) + ` form[action$="/accept"] button`)))
	eb.checkPage("second application")
	if got := eb.text("#app-requested"); got != "300,000.00" {
		eb.fatalf("second claim asks %q, want 300,000.00 (limited by the stacking ceiling)", got)
	}
	if lines := eb.text("ol.explain"); !strings.Contains(lines, "叠加上限为发票的 50% → 600,000.00；已获支持 300,000.00；仅余 300,000.00，按此计") {
		eb.fatalf("the explanation does not show the ceiling:\n%s", lines)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
