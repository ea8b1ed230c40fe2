package browsertest

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestAxeCatchesViolations proves the checker can fail: a page with an unlabelled input, an image
// without alternative text and no document language must be reported, and a clean page must not.
func TestAxeCatchesViolations(t *testing.T) {
	b := newBrowser(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/bad", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><html><head><title>bad</title></head><body><main>` +
			`<img src="/x.png"><input type="text" name="q"></main></body></html>`))
	})
	mux.HandleFunc("/good", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><html lang="en"><head><title>good</title></head><body><main>` +
			`<h1>Good</h1><label for="q">Search</label> <input id="q" type="text" name="q"></main></body></html>`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	b.navigate(chromedp.Navigate(srv.URL + "/bad"))
	vs, err := b.axe()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, v := range vs {
		ids = append(ids, v.ID)
		if len(v.Nodes) == 0 || len(v.Nodes[0].Target) == 0 {
			t.Errorf("%s: no target nodes reported", v.ID)
		}
	}
	for _, want := range []string{"image-alt", "label", "html-has-lang"} {
		if !slices.Contains(ids, want) {
			t.Errorf("axe missed %s on a page that breaks it; reported %v", want, ids)
		}
	}

	b.navigate(chromedp.Navigate(srv.URL + "/good"))
	if vs, err := b.axe(); err != nil || len(vs) != 0 {
		t.Errorf("clean page: violations %+v, err %v", vs, err)
	}
}

// TestPageProblemsAreCaught proves a CSP refusal is reported: the platform's policy forbids inline
// styles and scripts, and a template that uses one must fail the journey that shows it.
func TestPageProblemsAreCaught(t *testing.T) {
	b := newBrowser(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><html lang="en"><head><title>csp</title></head><body>` +
			`<main><h1>CSP</h1><script>document.title = "ran"</script></main></body></html>`))
	}))
	defer srv.Close()
	b.navigate(chromedp.Navigate(srv.URL))
	if err := b.step(chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	if len(b.takeProblems()) == 0 {
		t.Error("an inline script refused by the CSP was not reported")
	}
}
