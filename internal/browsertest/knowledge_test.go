package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"chuhai/internal/demo"
)

// searchFromTheHeader types q into the header's search box, submits it, and checks the results page.
func (b *browser) searchFromTheHeader(q string) {
	b.t.Helper()
	if err := b.step(chromedp.SendKeys(chromedp.ID("site-q"), q)); err != nil {
		b.fatalf("type %q into the header's search box: %v", q, err)
	}
	b.navigate(chromedp.Click(chromedp.CSS(`form.site-search button[type="submit"]`)))
	b.checkPage("search results for " + q)
	if p := b.path(); p != "/search" {
		b.fatalf("the header's search box went to %s", p)
	}
	if marks, err := eval[[]string](b, `Array.from(document.querySelectorAll('.results mark')).map(m => m.textContent)`); err != nil || len(marks) == 0 {
		b.errorf("the results for %q highlight nothing (%v)", q, err)
	}
}

// TestSearchFromTheHeaderAndOpenAResult searches 越南 and 数据合规 from the header, as a visitor would,
// and opens a result of each.
func TestSearchFromTheHeaderAndOpenAResult(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, demo.Load)

	b.visit(s.URL + "/")
	b.searchFromTheHeader("越南")
	if first := b.text(".results .result h3 a"); !strings.Contains(first, "越南") {
		b.errorf("the first result for 越南 is %q, want Vietnam's guide", first)
	}
	b.navigate(chromedp.Click(chromedp.CSS(`.results .result h3 a`)))
	b.checkPage("the first result for 越南")
	if p := b.path(); p != "/guides/VN" {
		b.errorf("the first result for 越南 opened %s, want /guides/VN", p)
	}
	if h1 := b.text("h1"); !strings.Contains(h1, "越南") {
		b.errorf("the guide's h1 is %q", h1)
	}

	b.searchFromTheHeader("数据合规")
	title := b.text(".results .result h3 a")
	b.navigate(chromedp.Click(chromedp.CSS(`.results .result h3 a`)))
	b.checkPage("the first result for 数据合规")
	if h1 := b.text("h1"); h1 != title {
		b.errorf("opened %q, the result said %q", h1, title)
	}
	if body := b.text("main"); !strings.Contains(body, "数据") {
		b.errorf("the page opened for 数据合规 does not mention 数据")
	}
}

// TestPublishAGuideEditAndSeeTheDiff edits the tax section of Vietnam's guide as a point lead, sends
// it for review, publishes it as the city coordinator, and reads the diff that follows.
func TestPublishAGuideEditAndSeeTheDiff(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, demo.Load)
	const added = "自2027年起，示例税收优惠延长三年。"

	editor := b.forTest(t)
	editor.visit(s.URL + "/signin")
	editor.signIn("xh.lead", "Caoxi-North-336", "")
	editor.visit(s.URL + "/guides/VN")
	editor.navigate(chromedp.Click(chromedp.CSS(`a[href="/guides/VN/edit"]`)))
	editor.checkPage("the guide's edit form")
	// The tax section's box gets a new last paragraph (typing would start where the caret lands).
	if err := editor.step(
		chromedp.SendKeys(chromedp.ID("f-change_note"), "补充税收优惠期限（浏览器测试）"),
		chromedp.Focus(chromedp.CSS(`textarea[name="sections.tax.zh"]`)),
	); err != nil {
		editor.fatalf("edit the form: %v", err)
	}
	if _, err := eval[bool](editor, `(() => { const t = document.querySelector('textarea[name="sections.tax.zh"]');
		t.value = t.value + "\n\n`+added+`"; t.dispatchEvent(new Event('input', {bubbles: true})); return true })()`); err != nil {
		editor.fatalf("edit the tax section: %v", err)
	}
	editor.navigate(chromedp.Click(chromedp.CSS(`form.stack button[type="submit"].primary`)))
	editor.checkPage("the saved working copy")
	if p := editor.path(); p != "/guides/VN/draft" {
		editor.fatalf("saving went to %s", p)
	}
	editor.navigate(chromedp.Click(chromedp.CSS(`form[action="/guides/VN/submit"] button`)))
	editor.checkPage("the working copy under review")
	if state := editor.text(".notice strong"); state != "待审核" {
		editor.errorf("after submitting, the working copy says %q", state)
	}

	publisher := b.forTest(t)
	publisher.visit(s.URL + "/signin")
	publisher.signIn("coordinator", "Huangpu-River-2026", "")
	publisher.visit(s.URL + "/guides/VN/draft")
	publisher.navigate(chromedp.Click(chromedp.CSS(`form[action="/guides/VN/publish"] button`)))
	publisher.checkPage("the diff after publishing")
	if p := publisher.path(); p != "/guides/VN/diff" {
		publisher.fatalf("publishing went to %s, want the diff", p)
	}
	if ins := publisher.text(".diff-added ins"); !strings.Contains(ins, added) && !strings.Contains(publisher.text("main"), added) {
		publisher.errorf("the diff does not show the added text %q", added)
	}
	publisher.visit(s.URL + "/guides/VN")
	if !strings.Contains(publisher.text("main"), added) {
		publisher.errorf("the published guide lacks the edit")
	}
}
