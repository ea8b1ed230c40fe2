package search

import (
	"sort"
	"strings"
	"unicode"
)

// Fragment is a piece of a snippet; Hit marks the words the query matched. Fragments carry plain text,
// never markup, so whoever shows them escapes them as usual.
type Fragment struct {
	Text string `json:"text"`
	Hit  bool   `json:"hit,omitempty"`
}

// Snippet width in characters, and how much text to keep before the first match.
const (
	snippetRunes  = 110
	snippetBefore = 24
	maxHits       = 256
)

// Snippet quotes the part of the first text that best covers the needles (folded query words: Han
// runs found anywhere, Latin words found at the start of a word), marking each occurrence. When the
// first text has none it tries the next; when none has any (the match was in the title) it quotes the
// beginning of the first non-empty text.
func Snippet(needles []string, texts ...string) []Fragment {
	for _, t := range texts {
		rs := []rune(t)
		if spans := find(rs, needles); len(spans) > 0 {
			return quote(rs, spans)
		}
	}
	for _, t := range texts {
		if strings.TrimSpace(t) != "" {
			return quote([]rune(t), nil)
		}
	}
	return []Fragment{}
}

// span is a matched range of runes [from, to) and the needle that matched.
type span struct{ from, to, needle int }

// maxSnippetScan bounds how much of a text is searched for a snippet: a match further in is quoted
// from the start instead, which keeps a page of results cheap however long the documents are.
const maxSnippetScan = 20000

// find returns the non-overlapping occurrences of the needles in rs, in order. Han needles are
// compared as they are; Latin ones against the folded text, at the start of a word.
func find(rs []rune, needles []string) []span {
	rs = rs[:min(len(rs), maxSnippetScan)]
	var folded []rune
	var spans []span
	for ni, n := range needles {
		nr := []rune(n)
		if len(nr) == 0 {
			continue
		}
		hay := rs
		latin := !ideographic(nr[0])
		if latin {
			if folded == nil {
				folded = make([]rune, len(rs))
				for i, r := range rs {
					folded[i] = fold(r)
				}
			}
			hay = folded
		}
		for i := 0; i+len(nr) <= len(hay) && len(spans) < maxHits; i++ {
			if hay[i] != nr[0] || !equalRunes(hay[i:i+len(nr)], nr) {
				continue
			}
			if latin && i > 0 && wordRune(hay[i-1]) && !ideographic(hay[i-1]) {
				continue
			}
			spans = append(spans, span{i, i + len(nr), ni})
			i += len(nr) - 1
		}
	}
	if len(spans) == 0 {
		return nil
	}
	sortSpans(spans)
	merged := spans[:1]
	for _, s := range spans[1:] {
		last := &merged[len(merged)-1]
		if s.from < last.to {
			last.to = max(last.to, s.to)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

func equalRunes(a, b []rune) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func sortSpans(s []span) {
	sort.Slice(s, func(i, j int) bool { return s[i].from < s[j].from || s[i].from == s[j].from && s[i].to > s[j].to })
}

// quote cuts the window of snippetRunes that covers the most different needles (the earliest such
// window on a tie), and splits it into plain and matched fragments.
func quote(rs []rune, spans []span) []Fragment {
	start := 0
	if len(spans) > 0 {
		best := -1
		for i, s := range spans {
			seen := map[int]bool{}
			for _, t := range spans[i:] {
				if t.to > s.from+snippetRunes-snippetBefore {
					break
				}
				seen[t.needle] = true
			}
			if len(seen) > best {
				best, start = len(seen), s.from
			}
		}
		start = max(0, start-snippetBefore)
	}
	end := min(len(rs), start+snippetRunes)
	var out []Fragment
	add := func(text string, hit bool) {
		text = collapse(text)
		if text == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Hit == hit {
			out[n-1].Text += text
			return
		}
		out = append(out, Fragment{Text: text, Hit: hit})
	}
	if start > 0 {
		add("…", false)
	}
	pos := start
	for _, s := range spans {
		if s.to <= start || s.from >= end {
			continue
		}
		from, to := max(s.from, start), min(s.to, end)
		add(string(rs[pos:from]), false)
		add(string(rs[from:to]), true)
		pos = to
	}
	add(string(rs[pos:end]), false)
	if end < len(rs) {
		add("…", false)
	}
	return out
}

// collapse turns every run of white space (line breaks between paragraphs) into one space.
func collapse(s string) string {
	if !strings.ContainsFunc(s, unicode.IsSpace) {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}
