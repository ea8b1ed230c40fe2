package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxTokenRunes bounds a Latin word or number; longer ones are cut, in the index and in queries alike,
// so both engines accept every token (PostgreSQL refuses lexemes over 2 KB).
const maxTokenRunes = 64

// ideographic reports whether r is written without spaces between words: Han characters, and the
// Japanese kana that appear among them. Such text is indexed as overlapping bigrams.
func ideographic(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)
}

// wordRune reports whether r belongs to a Latin (or other alphabetic) word or a number.
func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }

// fold lower-cases r and strips its diacritics (é → e, Ü → u), so pinyin typed with or without tone
// marks ("Jìng'ān", "jingan") and any capitalisation index alike.
func fold(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	if ideographic(r) {
		return r
	}
	base := r
	if d := []rune(norm.NFD.String(string(r))); len(d) > 1 && !slices.ContainsFunc(d[1:], notMark) {
		base = d[0] // a letter plus combining marks; a Hangul syllable decomposes into letters and stays
	}
	return unicode.ToLower(base)
}

func notMark(r rune) bool { return !unicode.Is(unicode.Mn, r) }

// joiner reports whether r, standing between two words, also makes them one: the apostrophe of pinyin
// syllables (Jing'an is typed "jingan") and the thousands comma of numbers (300,000 is typed 300000).
func joiner(r, before, after rune) bool {
	switch r {
	case '\'', '’':
		return unicode.IsLetter(before) && unicode.IsLetter(after)
	case ',':
		return unicode.IsDigit(before) && unicode.IsDigit(after)
	}
	return false
}

// segment is one stretch of text the tokenizer treats as a unit: a run of ideographic characters, or
// a group of words joined by apostrophes or thousands commas (usually just one word).
type segment struct {
	han   []rune   // ideographic run, when set
	words []string // folded words of a Latin group, when han is nil
}

// segments splits text into ideographic runs and word groups; everything else (spaces, punctuation,
// symbols, search syntax) separates them and is dropped. Text is NFKC-normalised first, so full-width
// letters and digits (ＯＤＩ, ２０２５) read as their ordinary forms.
func segments(text string) []segment {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, " ")
	}
	rs := []rune(norm.NFKC.String(text))
	var out []segment
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case ideographic(r):
			j := i
			for j < len(rs) && ideographic(rs[j]) {
				j++
			}
			out = append(out, segment{han: rs[i:j]})
			i = j
		case wordRune(r):
			var g segment
			for {
				j := i
				var b strings.Builder
				for j < len(rs) && wordRune(rs[j]) && !ideographic(rs[j]) {
					if j-i < maxTokenRunes {
						b.WriteRune(fold(rs[j]))
					}
					j++
				}
				g.words = append(g.words, b.String())
				i = j
				if i+1 < len(rs) && joiner(rs[i], rs[i-1], rs[i+1]) && !ideographic(rs[i+1]) {
					i++
					continue
				}
				break
			}
			out = append(out, g)
		default:
			i++
		}
	}
	return out
}

// Tokens returns the terms of text, in order:
//   - a run of Han characters becomes its overlapping bigrams (上海企业 → 上海 海企 企业); a run of a
//     single character is that character;
//   - a Latin word or number becomes itself, lower-cased and without diacritics;
//   - words joined by an apostrophe or a thousands comma also become their concatenation (Jing'an →
//     jing, an, jingan; 300,000 → 300, 000, 300000), which is how people type pinyin and amounts.
//
// Every term consists only of letters and digits, so SQLite's unicode61 tokenizer and PostgreSQL's
// 'simple' configuration each read it back as exactly one token.
func Tokens(text string) []string {
	var out []string
	for _, s := range segments(text) {
		if s.han != nil {
			out = appendHan(out, s.han)
			continue
		}
		out = append(out, s.words...)
		if len(s.words) > 1 {
			out = append(out, truncate(strings.Join(s.words, "")))
		}
	}
	return out
}

func appendHan(out []string, run []rune) []string {
	if len(run) == 1 {
		return append(out, string(run))
	}
	for i := 0; i+1 < len(run); i++ {
		out = append(out, string(run[i:i+2]))
	}
	return out
}

// indexText is what the index stores for a field: its terms in order, then each Han character of the
// field once. The bigrams answer queries of two characters or more (a longer one as the phrase of its
// bigrams, which must stand at consecutive positions); the characters answer one-character queries,
// with one look-up instead of a scan of every bigram that begins with the character. They come after
// the bigrams, so they never stand between two of them.
func indexText(text string) string {
	toks := Tokens(text)
	seen := map[rune]bool{}
	for _, s := range segments(text) {
		for _, r := range s.han {
			if !seen[r] {
				seen[r] = true
				toks = append(toks, string(r))
			}
		}
	}
	return strings.Join(toks, " ")
}

// trigramText is what the SQLite index stores beside a field for its longer Han runs: the overlapping
// trigrams of every run of three characters or more (上海企业 → 上海企 海企业). A query of three
// characters or more is the phrase of its trigrams, which are far rarer than bigrams: at 100,000
// documents, a four-character phrase of common bigrams costs FTS5 ten times more to confirm than the
// same phrase of trigrams. A run of three or more characters contains the query exactly when its
// trigrams stand at consecutive positions, so recall is the same as with bigrams.
func trigramText(text string) string {
	var b strings.Builder
	for _, s := range segments(text) {
		for i := 0; i+2 < len(s.han); i++ {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(string(s.han[i : i+3]))
		}
	}
	return b.String()
}

func truncate(s string) string {
	if utf8.RuneCountInString(s) <= maxTokenRunes {
		return s
	}
	return string([]rune(s)[:maxTokenRunes])
}
