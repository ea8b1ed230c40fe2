package browsertest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"chuhai/internal/auth"
	"chuhai/internal/demo"
	"chuhai/internal/i18n"
)

// TestEveryRoleSignsInToItsConsole signs in through the sign-in form as one demo account of every
// role (the system administrator with a one-time code), checks the console shows that role and only
// that role's places, follows every link of the console navigation, and signs out — running axe on
// every page on the way.
func TestEveryRoleSignsInToItsConsole(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, demo.Load)

	seen := map[auth.Role]bool{}
	for _, acc := range demo.Accounts {
		if seen[acc.Role] {
			continue
		}
		seen[acc.Role] = true
		t.Run(string(acc.Role), func(t *testing.T) {
			b := b.forTest(t)
			b.visit(s.URL + "/signin")
			code := ""
			if acc.Role == auth.SystemAdmin {
				code = b.totpCode(s, acc.Login)
			}
			b.signIn(acc.Login, acc.Password, code)
			b.checkPage("console of " + acc.Login)
			if p := b.path(); p != "/console" {
				b.fatalf("%s landed on %s after signing in, want /console", acc.Login, p)
			}

			if h1 := b.text("h1"); !strings.Contains(h1, acc.Name) {
				b.errorf("console h1 = %q, want the account's name %q", h1, acc.Name)
			}
			role := s.App.Cat.T(i18n.Chinese, "role."+string(acc.Role), nil)
			if facts := b.text("dl.facts"); !strings.Contains(facts, role) {
				b.errorf("console does not name the role %q:\n%s", role, facts)
			}

			// What the console offers follows the role: staff work on the network, the city-wide
			// roles read the audit log, only system administrators manage users.
			links := b.consoleLinks()
			p := &auth.Principal{Role: acc.Role}
			for _, want := range []struct {
				href string
				has  bool
			}{
				{"/console", true},
				{"/account", true},
				{"/network", p.Staff()},
				{"/console/audit", p.CityWide()},
				{"/console/users", acc.Role == auth.SystemAdmin},
			} {
				if slices.Contains(links, want.href) != want.has {
					b.errorf("%s: console navigation %v; has %s = %v, want %v", acc.Role, links, want.href, !want.has, want.has)
				}
			}
			for _, href := range links {
				if href == "/console" {
					continue
				}
				b.visit(s.URL + href)
			}

			b.navigate(chromedp.Click(chromedp.CSS(`form[action="/signout"] button`)))
			b.checkPage("after signing out")
			if n, err := eval[int](b, `document.querySelectorAll('a[href="/signin"]').length`); err != nil || n == 0 {
				b.errorf("after signing out the page offers no sign-in link (err %v)", err)
			}
		})
	}
	for _, r := range auth.Roles {
		if !seen[r] {
			t.Errorf("no demo account has the role %s: its console is untested", r)
		}
	}
}

// TestWrongPasswordShowsTheErrorAtTheField signs in with a wrong password and checks the form comes
// back with an error people can perceive (role=alert) and that axe accepts.
func TestWrongPasswordShowsTheErrorAtTheField(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, demo.Load)
	b.visit(s.URL + "/signin")
	acc := demo.Accounts[1]
	if err := b.step(
		chromedp.SendKeys(chromedp.ID("login"), acc.Login),
		chromedp.SendKeys(chromedp.ID("password"), "not-"+acc.Password),
	); err != nil {
		b.fatalf("fill the form: %v", err)
	}
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action="/signin"] button[type="submit"]`)))
	if err != nil {
		b.fatalf("submit: %v", err)
	}
	if resp.Status < 400 || resp.Status > 499 {
		b.errorf("a wrong password answered %d, want a 4xx", resp.Status)
	}
	b.takeProblems() // the browser logs the 4xx answer itself as an error; that is the point here
	b.checkPage("sign-in with a wrong password")
	if alert := b.text(`[role="alert"]`); alert == "" {
		b.errorf("no alert explains the failed sign-in")
	}
	if p := b.path(); p != "/signin" {
		b.errorf("after a failed sign-in the browser is on %s, want /signin", p)
	}
}

// forTest returns the same browser reporting to a subtest, signed out (its cookies cleared) so that
// the subtest starts as a new visitor whatever the one before it left behind.
func (b *browser) forTest(t *testing.T) *browser {
	sb := &browser{t: t, ctx: b.ctx, parent: b}
	if err := sb.step(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.ClearBrowserCookies, cdp.Empty{})
		return err
	})); err != nil {
		t.Fatalf("clear cookies: %v", err)
	}
	sb.takeProblems()
	return sb
}

// signIn fills in and submits the sign-in form shown.
func (b *browser) signIn(login, password, totp string) {
	b.t.Helper()
	actions := []chromedp.Action[chromedp.Void]{
		chromedp.SendKeys(chromedp.ID("login"), login),
		chromedp.SendKeys(chromedp.ID("password"), password),
	}
	if totp != "" {
		actions = append(actions, chromedp.SendKeys(chromedp.ID("totp"), totp))
	}
	if err := b.step(actions...); err != nil {
		b.fatalf("fill the sign-in form: %v", err)
	}
	b.navigate(chromedp.Click(chromedp.CSS(`form[action="/signin"] button[type="submit"]`)))
}

// totpCode returns a one-time code the account's authenticator app would show, computed from its
// secret as an app does. A code is good once: loading the demo used the current step's code to
// confirm the factor, so this is the code of the first step after the last one used (the platform
// accepts the next step's code too, for clocks a little apart).
func (b *browser) totpCode(s *site, login string) string {
	b.t.Helper()
	var secret string
	var lastStep int64
	if err := s.App.DB.QueryRow(context.Background(), `SELECT totp_secret, totp_last_step FROM app_user WHERE login = $1`,
		login).Scan(&secret, &lastStep); err != nil {
		b.fatalf("second factor of %s: %v", login, err)
	}
	at := time.Now()
	if next := time.Unix((lastStep+1)*30, 0); at.Before(next) {
		at = next
	}
	code, err := totp.GenerateCode(secret, at)
	if err != nil {
		b.fatalf("one-time code for %s: %v", login, err)
	}
	return code
}

// consoleLinks returns the hrefs of the console navigation.
func (b *browser) consoleLinks() []string {
	b.t.Helper()
	links, err := eval[[]string](b, `Array.from(document.querySelectorAll('nav.console a')).map(a => a.getAttribute('href'))`)
	if err != nil {
		b.fatalf("read the console navigation: %v", err)
	}
	return links
}
