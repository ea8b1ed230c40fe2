package knowledge

import (
	"regexp"
	"strings"
	"testing"
)

// xssPayloads are classic ways to smuggle script into HTML, as Markdown, raw HTML and their mixtures
// (from the OWASP filter evasion cheat sheet and Markdown-specific ones).
var xssPayloads = []string{
	`<script>alert(1)</script>`,
	`<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>`,
	`<img src=x onerror=alert(1)>`,
	`<img src="javascript:alert(1)">`,
	`<svg onload=alert(1)>`,
	`<svg><script>alert(1)</script></svg>`,
	`<body onload=alert(1)>`,
	`<iframe src="javascript:alert(1)"></iframe>`,
	`<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
	`<object data="javascript:alert(1)"></object>`,
	`<embed src="javascript:alert(1)">`,
	`<a href="javascript:alert(1)">x</a>`,
	`<a href="JaVaScRiPt:alert(1)">x</a>`,
	`<a href="jav&#x09;ascript:alert(1)">x</a>`,
	`<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>`,
	`<a href="vbscript:msgbox(1)">x</a>`,
	`<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`,
	`<a href="x" onclick="alert(1)">x</a>`,
	`<a href="x" onmouseover=alert(1)>x</a>`,
	`<div style="background:url(javascript:alert(1))">x</div>`,
	`<p style="x:expression(alert(1))">x</p>`,
	`<style>@import 'https://evil.example/x.css';</style>`,
	`<link rel=stylesheet href=https://evil.example/x.css>`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<base href="javascript:alert(1)//">`,
	`<form action="javascript:alert(1)"><button>x</button></form>`,
	`<input onfocus=alert(1) autofocus>`,
	`<details open ontoggle=alert(1)>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
	`<!--<img src="--><img src=x onerror=alert(1)//">`,
	`<scr<script>ipt>alert(1)</scr</script>ipt>`,
	"[x](javascript:alert(1))",
	"[x](JAVASCRIPT:alert(1))",
	"[x](javascript&#58;alert(1))",
	"[x](  javascript:alert(1)  )",
	"[x](data:text/html,<script>alert(1)</script>)",
	"[x](vbscript:alert(1))",
	"![x](javascript:alert(1))",
	"![x\"onerror=\"alert(1)](https://example.com/x.png)",
	"[x](https://example.com/\"onmouseover=\"alert(1))",
	"<javascript:alert(1)>",
	"[x][1]\n\n[1]: javascript:alert(1)",
	"```html\n<script>alert(1)</script>\n```",
	"`<script>alert(1)</script>`",
	"> <script>alert(1)</script>",
	"| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | <script>alert(1)</script> |",
	"<a href=\"https://example.com\" target=_blank>x</a>",
	"\x00<script>alert(1)</script>",
	"<scr\x00ipt>alert(1)</scr\x00ipt>",
}

var (
	// Anything that could run: a script element, an event-handler attribute, a script or data URL in
	// an attribute, or an element that loads something or styles the page.
	dangerousTag  = regexp.MustCompile(`(?i)<\s*/?\s*(script|iframe|object|embed|svg|math|style|link|meta|base|form|input|img|body|details|noscript)\b`)
	eventHandler  = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)
	scriptURL     = regexp.MustCompile(`(?i)(href|src|action|data)\s*=\s*["']?\s*(javascript|vbscript|data):`)
	styleAttr     = regexp.MustCompile(`(?i)<[^>]*\sstyle\s*=`)
	targetAttr    = regexp.MustCompile(`(?i)<[^>]*\starget\s*=`)
	anyAttrString = regexp.MustCompile(`(?i)<a\s[^>]*href="([^"]*)"`)
)

// dangers lists what in html could run script or load something: the checks above, and any link
// that is not to an http, https, mailto or tel address, a path on this site, or an anchor.
func dangers(html string) []string {
	var out []string
	for name, re := range map[string]*regexp.Regexp{"dangerous element": dangerousTag, "event handler": eventHandler,
		"script URL": scriptURL, "style attribute": styleAttr, "target attribute": targetAttr} {
		if re.MatchString(html) {
			out = append(out, name)
		}
	}
	for _, m := range anyAttrString.FindAllStringSubmatch(html, -1) {
		href := strings.ToLower(m[1])
		if !strings.HasPrefix(href, "http://") && !strings.HasPrefix(href, "https://") && !strings.HasPrefix(href, "mailto:") &&
			!strings.HasPrefix(href, "tel:") && !strings.HasPrefix(href, "/") && !strings.HasPrefix(href, "#") {
			out = append(out, "link to "+m[1])
		}
	}
	return out
}

func TestRenderRemovesEveryXSSPayload(t *testing.T) {
	for _, p := range xssPayloads {
		for _, src := range []string{p, "Intro text.\n\n" + p + "\n\nAfter.", "- " + p, "**" + p + "**"} {
			out := string(Render(src))
			if d := dangers(out); len(d) > 0 {
				t.Errorf("%v survive in Render(%q):\n%s", d, src, out)
			}
		}
	}
}

func TestRenderKeepsOrdinaryMarkdown(t *testing.T) {
	out := string(Render("### 税收\n\n企业所得税税率为 **20%**，详见[税务总局](https://www.example.gov/tax)。\n\n- 增值税\n- 预提税\n\n| 税种 | 税率 |\n|---|---|\n| 增值税 | 10% |\n\n`代码` 与 ~~删除~~"))
	for _, want := range []string{"<h3>税收</h3>", "<strong>20%</strong>", `<a href="https://www.example.gov/tax" rel="nofollow noreferrer">税务总局</a>`,
		"<li>增值税</li>", "<th>税种</th>", "<td>10%</td>", "<code>代码</code>", "<del>删除</del>"} {
		if !strings.Contains(out, want) {
			t.Errorf("Render lost %q:\n%s", want, out)
		}
	}
}

func TestPlainTextDropsMarkup(t *testing.T) {
	got := PlainText("## 概况\n\n越南位于**东南亚**，[使馆](https://example.com)电话 12308。\n\n- 一\n- 二\n\n<script>alert(1)</script>\n\n```\ncode line\n```")
	want := "概况\n越南位于东南亚，使馆电话 12308。\n一\n二\ncode line"
	if got != want {
		t.Errorf("PlainText = %q, want %q", got, want)
	}
}

// The detectors must recognise the raw HTML payloads as dangerous when nothing removes them, or the
// test above could pass without checking anything.
func TestXSSDetectorsCatchTheRawPayloads(t *testing.T) {
	n := 0
	for _, p := range xssPayloads {
		if !strings.HasPrefix(p, "<") || strings.HasPrefix(p, "<javascript:") || strings.Contains(p, "\x00") {
			continue
		}
		n++
		if len(dangers(p)) == 0 {
			t.Errorf("no detector recognises %q", p)
		}
	}
	if n < 25 {
		t.Fatalf("only %d raw payloads checked", n)
	}
}
