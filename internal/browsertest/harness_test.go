package browsertest

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"chuhai/internal/app"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
)

const (
	// envBrowser turns the browser tests on; CI sets it and then a missing Chromium is a failure.
	envBrowser = "CHUHAI_BROWSER"
	// envChromium overrides the browser binary (default: Debian's /usr/bin/chromium).
	envChromium = "CHUHAI_CHROMIUM"
	// envShots keeps failure screenshots in this directory instead of the test's temporary one.
	envShots = "CHUHAI_BROWSER_SHOTS"
)

// axeSource is axe-core 4.14.1 (MPL-2.0), vendored because the platform's CSP rightly refuses a
// <script> from another origin; evaluating it through the DevTools protocol is not subject to CSP.
//
//go:embed testdata/axe.min.js
var axeSource string

// chromiumPath returns the browser to drive, skipping the test unless browser tests are switched on.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if os.Getenv(envBrowser) == "" {
		t.Skip("browser test skipped: set " + envBrowser + "=1 to run it (needs Debian's chromium and fonts-wqy-microhei)")
	}
	path := os.Getenv(envChromium)
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := exec.LookPath(path); err != nil {
		t.Fatalf("%s=1 but no browser at %s (apt-get install chromium fonts-wqy-microhei): %v", envBrowser, path, err)
	}
	return path
}

// site is a real chuhai server on a fresh SQLite database, reached over HTTP.
type site struct {
	URL string
	App *app.App
}

// newSite migrates a fresh database, lets load fill it, and serves the full handler on a loopback
// port. The server's warnings and errors are printed if the test fails.
func newSite(t *testing.T, load func(context.Context, *app.App) error) *site {
	t.Helper()
	d := dbtest.Open(t, db.SQLite, app.Modules()...)
	logs := &lockedBuffer{}
	a, err := app.New(d, app.Config{}, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		t.Fatal(err)
	}
	if load != nil {
		if err := load(context.Background(), a); err != nil {
			t.Fatalf("load data: %v", err)
		}
	}
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.Close()
		if t.Failed() && logs.Len() > 0 {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	return &site{URL: srv.URL, App: a}
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len()
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// browser is one headless Chromium with one tab, owned by one test.
type browser struct {
	t      *testing.T
	ctx    context.Context
	parent *browser // set on a subtest's view of its test's browser, which owns the records below

	mu       sync.Mutex
	problems []string // script errors and CSP refusals since the last check
}

// stepTimeout bounds one navigation or check, so a hung page fails the test instead of CI.
const stepTimeout = 30 * time.Second

// newBrowser starts Chromium with a fresh profile; it is stopped when the test ends. The flags keep
// Chromium from reaching out to Google's services, which this machine's closed network refuses.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	path := chromiumPath(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		// A visitor in Shanghai: the browser asks for Chinese first, as most of the platform's users do.
		chromedp.Flag("lang", "zh-CN"),
		chromedp.Flag("accept-lang", "zh-CN,zh,en"),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	b := &browser{t: t, ctx: ctx}
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	// The first action starts the browser; it must not run under a timeout (that would bound the
	// browser's whole life), so it is this cheap one.
	if err := chromedp.Listen(ctx, b.record); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, log.Enable, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, runtime.Enable, cdp.Empty{})
		return err
	})); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return b
}

// record keeps what the page complained about: uncaught exceptions, console errors and the browser's
// own error entries (a CSP refusal of an inline style or script shows up there).
func (b *browser) record(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		msg = "uncaught exception: " + (&chromedp.ExceptionError{ExceptionDetails: ev.ExceptionDetails}).Error()
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError {
			return
		}
		var parts []string
		for _, a := range ev.Args {
			if a.Value != nil {
				parts = append(parts, string(a.Value))
			} else {
				parts = append(parts, a.Description)
			}
		}
		msg = "console.error: " + strings.Join(parts, " ")
	case *log.EventEntryAdded:
		if ev.Entry.Level != log.EntryLevelError {
			return
		}
		msg = fmt.Sprintf("%s error: %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
	default:
		return
	}
	b.mu.Lock()
	b.problems = append(b.problems, msg)
	b.mu.Unlock()
}

// takeProblems returns and clears what the page complained about.
func (b *browser) takeProblems() []string {
	if b.parent != nil {
		return b.parent.takeProblems()
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.problems
	b.problems = nil
	return p
}

// step runs actions with a timeout.
func (b *browser) step(actions ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	return chromedp.Do(ctx, actions...)
}

// eval evaluates a JavaScript expression (awaiting it when it is a promise) and decodes its value.
func eval[T any](b *browser, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// fatalf takes a screenshot of the page as it is now, then fails the test.
func (b *browser) fatalf(format string, args ...any) {
	b.t.Helper()
	b.screenshot()
	b.t.Fatalf(format, args...)
}

// errorf takes a screenshot of the page as it is now, then marks the test failed.
func (b *browser) errorf(format string, args ...any) {
	b.t.Helper()
	b.screenshot()
	b.t.Errorf(format, args...)
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// screenshot saves the whole page as a PNG and logs where.
func (b *browser) screenshot() {
	b.t.Helper()
	dir := os.Getenv(envShots)
	if dir == "" {
		dir = b.t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Logf("screenshot: %v", err)
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("screenshot failed: %v", err)
		return
	}
	name := fmt.Sprintf("%s-%d.png", unsafeName.ReplaceAllString(b.t.Name(), "_"), time.Now().UnixNano())
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Logf("screenshot: %v", err)
		return
	}
	b.t.Logf("screenshot of the page at failure: %s", path)
}

// visit opens url, expects a 2xx answer, then checks the page (see checkPage).
func (b *browser) visit(url string) {
	b.t.Helper()
	b.navigate(chromedp.Navigate(url))
	b.checkPage(url)
}

// navigate runs actions that load a page (a navigation, a click on a link or a submit button) and
// fails unless the page loaded with a 2xx status.
func (b *browser) navigate(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		b.fatalf("load page: %v", err)
	}
	if resp.Status < 200 || resp.Status > 299 {
		b.fatalf("%s answered %d %s", resp.URL, resp.Status, resp.StatusText)
	}
}

// checkPage fails the test on script errors or CSP refusals since the last check, and on any
// serious or critical accessibility violation of the page as it is now.
func (b *browser) checkPage(what string) {
	b.t.Helper()
	if err := b.step(chromedp.WaitReady("body")); err != nil {
		b.fatalf("%s: page not ready: %v", what, err)
	}
	for _, p := range b.takeProblems() {
		b.errorf("%s: %s", what, p)
	}
	vs, err := b.axe()
	if err != nil {
		b.fatalf("%s: axe: %v", what, err)
	}
	if len(vs) > 0 {
		var sb strings.Builder
		for _, v := range vs {
			fmt.Fprintf(&sb, "\n  %s (%s): %s\n    %s", v.ID, v.Impact, v.Help, v.HelpURL)
			for _, n := range v.Nodes {
				fmt.Fprintf(&sb, "\n    at %s", strings.Join(n.Target, " "))
			}
		}
		b.errorf("%s: %d serious or critical accessibility violation(s):%s", what, len(vs), sb.String())
	}
}

// violation is one failed axe rule with the nodes where it failed.
type violation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target []string `json:"target"`
	} `json:"nodes"`
}

// axeRun checks the page against WCAG 2.0 and 2.1, levels A and AA.
const axeRun = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
	.then(r => r.violations
		.filter(v => v.impact === 'serious' || v.impact === 'critical')
		.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
			nodes: v.nodes.map(n => ({target: n.target.map(String)}))})))`

// axe injects axe-core into the current page (each page load starts without it) and returns the
// serious and critical violations.
func (b *browser) axe() ([]violation, error) {
	loaded, err := eval[bool](b, axeSource+"\n;typeof axe === 'object' && typeof axe.run === 'function'")
	if err != nil {
		return nil, fmt.Errorf("inject axe-core: %w", err)
	}
	if !loaded {
		return nil, fmt.Errorf("axe-core did not load")
	}
	return eval[[]violation](b, axeRun)
}

// text returns the visible text of the first element matching a CSS selector.
func (b *browser) text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.fatalf("read %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}
