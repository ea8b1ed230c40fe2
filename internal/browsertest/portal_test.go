package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"chuhai/internal/demo"
)

// TestPortalJourney walks the public portal as a visitor, by clicking as a person would: home, the
// service network, one service point, the page about the service system, then the language switch to
// English and back, checking every page it shows.
func TestPortalJourney(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, demo.Load)

	b.visit(s.URL + "/")
	if lang := b.lang(); lang != "zh-CN" {
		b.errorf("home page language %q, want zh-CN for a browser asking for Chinese", lang)
	}

	b.navigate(chromedp.Click(chromedp.CSS(`header a[href="/network"]`)))
	b.checkPage("/network")
	if cur := b.text(`header a[aria-current="page"]`); cur != "服务网络" {
		b.errorf("the portal navigation marks %q as the current page, want 服务网络", cur)
	}

	// The Xuhui district point is part of the demo network; open it from the network page.
	b.navigate(chromedp.Click(chromedp.CSS(`main a[href="/network/points/XH"]`)))
	b.checkPage("/network/points/XH")
	if h1 := b.text("h1"); !strings.Contains(h1, "徐汇") {
		b.errorf("point page h1 = %q, want the Xuhui point's name", h1)
	}

	b.navigate(chromedp.Click(chromedp.CSS(`header a[href="/about"]`)))
	b.checkPage("/about")

	b.navigate(chromedp.Click(chromedp.CSS(`form[action="/lang"] button`)))
	b.checkPage("/about in English")
	if lang := b.lang(); lang != "en" {
		b.fatalf("after the language switch the page is %q, want en", lang)
	}
	if nav := b.text("nav.portal"); !strings.Contains(nav, "Service network") {
		b.errorf("the English page shows the navigation %q, want it in English", nav)
	}
	if p := b.path(); p != "/about" {
		b.errorf("the language switch went to %s, want to stay on /about", p)
	}

	b.navigate(chromedp.Click(chromedp.CSS(`form[action="/lang"] button`)))
	b.checkPage("/about back in Chinese")
	if lang, p := b.lang(), b.path(); lang != "zh-CN" || p != "/about" {
		b.errorf("after switching back the page is %s in %q, want /about in zh-CN", p, lang)
	}
}

// TestPortalFitsAPhone checks the public pages at a phone's width (375 CSS pixels) scroll only
// vertically: tables and long names must wrap or scroll inside their own box.
func TestPortalFitsAPhone(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, demo.Load)
	if err := b.step(chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/network", "/network/points/XH", "/about"} {
		b.visit(s.URL + path)
		type widths struct{ Scroll, Inner int }
		w, err := eval[widths](b, `({Scroll: document.documentElement.scrollWidth, Inner: window.innerWidth})`)
		if err != nil {
			t.Fatal(err)
		}
		if w.Inner != 375 {
			t.Fatalf("viewport is %d pixels wide, want 375", w.Inner)
		}
		if w.Scroll > w.Inner {
			b.errorf("%s is %d pixels wide on a %d-pixel phone screen: it scrolls sideways", path, w.Scroll, w.Inner)
		}
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

// path returns the path of the page shown.
func (b *browser) path() string {
	b.t.Helper()
	p, err := eval[string](b, `location.pathname`)
	if err != nil {
		b.fatalf("read location: %v", err)
	}
	return p
}
