package browsertest

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPortalJourney walks the public portal as a visitor: home, the language switch to English and
// back, checking every page it shows.
func TestPortalJourney(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, nil)

	b.visit(s.URL + "/")
	if lang := b.lang(); lang != "zh-CN" {
		b.errorf("home page language %q, want zh-CN for a visitor without a preference", lang)
	}

	b.navigate(chromedp.Click(chromedp.CSS(`form[action="/lang"] button`)))
	b.checkPage("home in English")
	if lang := b.lang(); lang != "en" {
		b.fatalf("after the language switch the page is %q, want en", lang)
	}
	if h1 := b.text("h1"); h1 != "Going global, one front door" {
		b.errorf("English home page h1 = %q", h1)
	}

	b.navigate(chromedp.Click(chromedp.CSS(`form[action="/lang"] button`)))
	b.checkPage("home back in Chinese")
	if lang := b.lang(); lang != "zh-CN" {
		b.errorf("after switching back the page is %q, want zh-CN", lang)
	}
}

// TestHomeFitsAPhone checks the home page at a phone's width (375 CSS pixels) scrolls only
// vertically.
func TestHomeFitsAPhone(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, nil)
	if err := b.step(chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	b.visit(s.URL + "/")
	type widths struct{ Scroll, Inner int }
	w, err := eval[widths](b, `({Scroll: document.documentElement.scrollWidth, Inner: window.innerWidth})`)
	if err != nil {
		t.Fatal(err)
	}
	if w.Inner != 375 {
		t.Fatalf("viewport is %d pixels wide, want 375", w.Inner)
	}
	if w.Scroll > w.Inner {
		b.errorf("home page is %d pixels wide on a %d-pixel phone screen: it scrolls sideways", w.Scroll, w.Inner)
	}
}

// lang returns the document's language.
func (b *browser) lang() string {
	b.t.Helper()
	l, err := eval[string](b, `document.documentElement.lang`)
	if err != nil {
		b.fatalf("read lang: %v", err)
	}
	return l
}
