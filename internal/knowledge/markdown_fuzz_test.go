package knowledge

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// FuzzRender feeds Render arbitrary Markdown (seeded with the XSS payloads) and reads what comes out
// as a browser would: every element must be one a text needs, every attribute one of href, rel and
// start where they belong, and every link to an http, https, mailto or tel address or a path on this
// site. So no script, no event handler and no javascript: URL survives, whatever the input.
func FuzzRender(f *testing.F) {
	for _, p := range xssPayloads {
		f.Add(p)
	}
	f.Add("### 税收\n\n**20%** [税务总局](https://www.example.gov/tax) <https://example.com/a b>\n\n1. 一\n2. 二\n\n| a |\n|---|\n| b |")
	f.Add("[x](<javascript:alert(1)>) [y](java\nscript:alert(1)) [z](\x01javascript:alert(1))")
	f.Fuzz(func(t *testing.T, src string) {
		out := string(Render(src))
		if err := unsafeHTML(out); err != nil {
			t.Fatalf("Render(%q) = %s\n%v", src, out, err)
		}
	})
}

// allowedElements are what the sanitiser may let through (see newPolicy).
var allowedElements = []string{"p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "strong",
	"em", "del", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "a"}

// unsafeHTML parses s with the HTML5 tokenizer and reports the first element, attribute or link that
// falls outside what a sanitised text may hold.
func unsafeHTML(s string) error {
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			if errors.Is(z.Err(), io.EOF) {
				return nil
			}
			return z.Err()
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tok := z.Token()
			if !slices.Contains(allowedElements, tok.Data) {
				return fmt.Errorf("element <%s>", tok.Data)
			}
			for _, a := range tok.Attr {
				switch {
				case tok.Data == "a" && a.Key == "href":
					if err := safeLink(a.Val); err != nil {
						return err
					}
				case tok.Data == "a" && a.Key == "rel", tok.Data == "ol" && a.Key == "start":
				default:
					return fmt.Errorf("attribute %s=%q on <%s>", a.Key, a.Val, tok.Data)
				}
			}
		}
	}
}

// safeLink accepts a link as a browser resolves it: its scheme, after the browser strips white space
// and control characters, must be http, https, mailto or tel, or absent (a path or an anchor).
func safeLink(href string) error {
	cleaned := strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, href)
	u, err := url.Parse(cleaned)
	if err != nil {
		return fmt.Errorf("unparseable link %q", href)
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto", "tel":
		return nil
	}
	return fmt.Errorf("link %q", href)
}
