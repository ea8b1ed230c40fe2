package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"chuhai/internal/auth"
	"chuhai/internal/casework"
	"chuhai/internal/demo"
	"chuhai/internal/directory"
)

// TestODIJourneyAcrossDistricts is the design's journey in a real browser, each step by the person
// who takes it: a Xuhui enterprise asks online for help with an ODI filing; the rules send it to
// Jing'an's ODI point; staff there refer it to two providers; one accepts; staff record the
// engagement, its invoice and its completion; the enterprise rates it. Then the request's page shows
// the whole story, and the collaboration credit counts the request for Xuhui as home and Jing'an as
// the district that served it. Every page on the way passes axe.
func TestODIJourneyAcrossDistricts(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, demo.Load)
	ctx := context.Background()
	account := func(login string) demo.Account {
		for _, acc := range demo.Accounts {
			if acc.Login == login {
				return acc
			}
		}
		t.Fatalf("no demo account %s", login)
		return demo.Account{}
	}
	as := func(login string) {
		t.Helper()
		if err := b.step(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, network.ClearBrowserCookies, cdp.Empty{})
			return err
		})); err != nil {
			t.Fatalf("sign out: %v", err)
		}
		b.visit(s.URL + "/signin")
		acc := account(login)
		b.signIn(acc.Login, acc.Password, "")
		b.checkPage("console of " + login)
	}
	fill := func(sel, value string) chromedp.Action[chromedp.Void] {
		return chromedp.SendKeys(chromedp.CSS(sel), value)
	}
	submit := func(what string, fills ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if len(fills) > 1 {
			if err := b.step(fills[:len(fills)-1]...); err != nil {
				b.fatalf("%s: fill the form: %v", what, err)
			}
		}
		b.navigate(fills[len(fills)-1])
		b.checkPage(what)
	}

	u, err := s.App.Auth.UserByLogin(ctx, "ent.admin")
	if err != nil {
		t.Fatal(err)
	}
	firm, err := s.App.Directory.EnterpriseByID(ctx, u.EnterpriseID)
	if err != nil || firm.HomeDistrict != "310104" {
		t.Fatalf("the demo enterprise is not in Xuhui: %+v %v", firm, err)
	}

	// 1. The Xuhui enterprise submits an ODI request.
	as("ent.admin")
	b.visit(s.URL + "/requests/new")
	submit("the submitted request",
		chromedp.SetValue(chromedp.ID("f-topic"), "odi"),
		fill("#f-title", "越南北宁工厂 ODI 备案"),
		fill("#f-description", "拟在越南北宁省设立机器人组装厂，需要办理发改委、商务部门备案和外汇登记。"),
		fill("#f-countries", "VN"),
		chromedp.Click(chromedp.CSS(`form[action="/requests"] button[type="submit"]`)))
	ref := b.text("h1 .code")
	if !strings.HasPrefix(ref, "JA-ODI-") {
		b.fatalf("reference %q: the request did not go to Jing'an's ODI point", ref)
	}

	// 2. It is in Jing'an ODI point's queue, routed by the capability rule; not in Xuhui's.
	as("xh.staff")
	b.visit(s.URL + "/console/casework")
	if strings.Contains(b.text("main"), ref) {
		b.errorf("%s is in Xuhui's queue", ref)
	}
	as("odi.staff")
	b.visit(s.URL + "/console/casework")
	b.navigate(chromedp.Click(chromedp.CSS(`a[href="/console/casework/requests/` + ref + `"]`)))
	b.checkPage("the request page")
	if facts := b.text("main"); !strings.Contains(facts, "按能力") || !strings.Contains(facts, "310104") {
		b.errorf("the request page does not show the capability rule and the Xuhui home district")
	}
	submit("triaged", chromedp.Click(chromedp.CSS(`input[name="action"][value="triage"] ~ p button`)))

	// 3. Staff refer it to two providers: the law firm the directory proposes, and a second one by
	// number.
	law, err := s.App.Auth.UserByLogin(ctx, "law.admin")
	if err != nil {
		t.Fatal(err)
	}
	ps, _, err := s.App.Directory.ListProviders(ctx, directory.ProviderFilter{Category: "consulting", Country: "VN", Status: directory.ProviderVerified, Limit: 5})
	if err != nil || len(ps) == 0 {
		t.Fatalf("providers: %v", err)
	}
	second := ps[0].ID
	if second == law.ProviderID {
		second = ps[1].ID
	}
	picked, err := eval[bool](b, fmt.Sprintf(`(() => { const c = document.querySelector('input[name="pick"][value^="%d:"]'); if (c) { c.click(); } return !!c; })()`, law.ProviderID))
	if err != nil {
		b.fatalf("pick: %v", err)
	}
	ids := fmt.Sprint(second)
	if !picked {
		ids = fmt.Sprintf("%d,%d", law.ProviderID, second) // the directory did not rank the firm: named by number
	}
	submit("referred", fill("#ref-ids", ids), chromedp.Click(chromedp.CSS(`form[action$="/referrals"] button[type="submit"]`)))
	if n, err := eval[int](b, `document.querySelectorAll('#referrals tbody tr').length`); err != nil || n != 2 {
		b.errorf("%d referrals listed (%v), want 2", n, err)
	}

	// 4. One provider accepts.
	as("law.admin")
	b.visit(s.URL + "/console/referrals")
	submit("accepted", chromedp.Click(chromedp.CSS(`form[action^="/console/referrals/"] button[value="accept"]`)))

	// 5. Staff record the engagement, its invoice and its completion.
	as("odi.staff")
	b.visit(s.URL + "/console/casework/requests/" + ref)
	today := time.Now().In(time.FixedZone("CST", 8*3600))
	submit("engagement recorded",
		fill("#eng-scope", "ODI 备案全流程代理"),
		fill("#eng-amount", "120000"),
		chromedp.SetValue(chromedp.ID("eng-start"), today.Format("2006-01-02")),
		chromedp.SetValue(chromedp.ID("eng-end"), today.AddDate(0, 1, 0).Format("2006-01-02")),
		chromedp.Click(chromedp.CSS(`form[action$="/engagements"] button[type="submit"]`)))
	engID, err := eval[string](b, `document.querySelector('article.engagement').id.replace('engagement-', '')`)
	if err != nil {
		b.fatalf("engagement: %v", err)
	}
	submit("invoice recorded",
		chromedp.Click(chromedp.CSS(`#engagement-`+engID+` details summary`)),
		fill("#inv-number-"+engID, "HH-2026-0318"),
		fill("#inv-amount-"+engID, "120000"),
		chromedp.SetValue(chromedp.ID("inv-date-"+engID), today.Format("2006-01-02")),
		chromedp.Click(chromedp.CSS(`form[action="/engagements/`+engID+`/invoices"] button[type="submit"]`)))
	submit("completed",
		chromedp.Click(chromedp.CSS(`#engagement-`+engID+` details summary`)),
		chromedp.Click(chromedp.CSS(`form[action="/engagements/`+engID+`/completion"] button[type="submit"]`)))

	// 6. The enterprise rates it.
	as("ent.admin")
	b.visit(s.URL + "/requests/" + ref)
	submit("rated",
		chromedp.Click(chromedp.CSS(`form[action="/engagements/`+engID+`/feedback"] input[name="rating"][value="5"]`)),
		fill("#rate-comment-"+engID, "材料准备细致，两周拿到备案通知书。"),
		chromedp.Click(chromedp.CSS(`form[action="/engagements/`+engID+`/feedback"] button[type="submit"]`)))

	// The invoice reached subsidy in its own transaction: Xuhui's programme (30%, in-district provider)
	// is offered to the enterprise without an application (免申即享).
	b.visit(s.URL + "/subsidy/offers")
	if offers := b.text("ul.cards"); !strings.Contains(offers, "徐汇区企业出海专业服务补贴") || !strings.Contains(offers, "36,000.00") {
		b.errorf("no Xuhui offer for the invoice:\n%s", offers)
	}
	b.visit(s.URL + "/requests/" + ref)

	// The request's page tells the whole story.
	story := b.text("#timeline")
	for _, want := range []string{"提交", "已受理", "推荐给", "接受推荐", "登记服务合作", "登记发票 HH-2026-0318", "服务完成", "5 星"} {
		if !strings.Contains(story, want) {
			b.errorf("the timeline lacks %q:\n%s", want, story)
		}
	}
	if eng := b.text("#engagements"); !strings.Contains(eng, "¥120,000.00") || !strings.Contains(eng, "HH-2026-0318") {
		b.errorf("the engagement is not shown with its amount and invoice:\n%s", eng)
	}

	// Jing'an served it, Xuhui is its home: both are credited.
	as("coordinator")
	b.visit(s.URL + "/console/casework/credit")
	cell := func(region, col string) string {
		return b.text(fmt.Sprintf(`#credit-districts tr[data-region="%s"] td.%s`, region, col))
	}
	if cell("310104", "home") != "1" || cell("310104", "served") != "0" || cell("310106", "served") != "1" || cell("310106", "home") != "0" {
		b.errorf("credit: Xuhui home %s served %s; Jing'an home %s served %s; want 1 0 0 1",
			cell("310104", "home"), cell("310104", "served"), cell("310106", "home"), cell("310106", "served"))
	}
	if led := b.text(`#credit-points tr[data-point="JA-ODI"] td.led`); led != "1" {
		b.errorf("Jing'an ODI point led %s requests, want 1", led)
	}

	// And the records agree with what the pages showed.
	p := &auth.Principal{UserID: u.ID, Role: u.Role, EnterpriseID: u.EnterpriseID}
	es, _, err := s.App.Casework.Engagements(auth.WithPrincipal(ctx, p), casework.EngagementFilter{Ref: ref})
	if err != nil || len(es) != 1 || es[0].Rating != 5 || es[0].Status != casework.EngagementCompleted || len(es[0].Invoices) != 1 {
		t.Errorf("engagement on record: %+v %v", es, err)
	}
}
