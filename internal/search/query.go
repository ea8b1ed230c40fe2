package search

import (
	"strings"
	"unicode/utf8"

	"chuhai/internal/apperr"
)

// Limits on what one query may ask, so that no query costs more than a person could mean.
const (
	MaxQueryRunes = 200 // characters in q
	MaxTerms      = 12  // words or Han runs in q
)

// term is one thing every result must contain: a Han run (matched as the phrase of its bigrams, or as
// the character itself when it is one character), or a Latin word or number (matched as a prefix when
// it has at least minPrefixRunes characters, as people type pinyin and names partly).
type term struct {
	tokens  []string // the phrase: consecutive index terms
	tri     []string // for a Han run of three characters or more, the phrase of its trigrams (SQLite)
	prefix  bool     // the last token matches any term it begins
	needles []string // folded strings to highlight in the text
}

const minPrefixRunes = 3

// parseTerms turns what a person typed into terms. Everything that is not a letter, digit or Han
// character — quotes, *, -, :, &, |, !, parentheses, NEAR written in capitals or not — is a separator
// or an ordinary word, never syntax: the query languages of FTS5 and tsquery are built by us from the
// terms, with every token quoted.
func parseTerms(q string) ([]term, error) {
	if !utf8.ValidString(q) {
		return nil, apperr.Invalid(apperr.F("q", "search.q_invalid_utf8"))
	}
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, apperr.Invalid(apperr.F("q", "error.required"))
	}
	if n := utf8.RuneCountInString(q); n > MaxQueryRunes {
		return nil, apperr.Invalid(apperr.F("q", "error.too_long", "Max", MaxQueryRunes))
	}
	var out []term
	seen := map[string]bool{}
	for _, s := range segments(q) {
		var t term
		if s.han != nil {
			if len(s.han) == 1 {
				t = term{tokens: []string{string(s.han)}}
			} else {
				for i := 0; i+1 < len(s.han); i++ {
					t.tokens = append(t.tokens, string(s.han[i:i+2]))
				}
				for i := 0; i+2 < len(s.han); i++ {
					t.tri = append(t.tri, string(s.han[i:i+3]))
				}
			}
			t.needles = []string{string(s.han)}
		} else {
			w := truncate(strings.Join(s.words, ""))
			t = term{tokens: []string{w}, prefix: utf8.RuneCountInString(w) >= minPrefixRunes && !isDigits(w)}
			t.needles = append([]string{w}, s.words...)
		}
		key := strings.Join(t.tokens, " ")
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, t)
	}
	if len(out) > MaxTerms {
		return nil, apperr.Invalid(apperr.F("q", "search.q_too_many_terms", "Max", MaxTerms))
	}
	return out, nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// ftsQuery writes terms in FTS5's query language: each term a quoted phrase (a prefix term ends in *)
// in the columns cols, all of them required. With trigrams, a term that has them is the phrase of its
// trigrams in the columns tri instead.
func ftsQuery(terms []term, cols, tri string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		c, toks := cols, t.tokens
		if tri != "" && len(t.tri) > 0 {
			c, toks = tri, t.tri
		}
		p := c + ` : "` + strings.Join(toks, " ") + `"`
		if t.prefix {
			p += "*"
		}
		parts[i] = p
	}
	return strings.Join(parts, " AND ")
}

// tsQuery writes terms as a PostgreSQL tsquery: each term a phrase of adjacent lexemes (<->), a prefix
// term ending in :*, all of them required.
func tsQuery(terms []term) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		lex := make([]string, len(t.tokens))
		for j, tok := range t.tokens {
			lex[j] = "'" + tok + "'"
		}
		if t.prefix {
			lex[len(lex)-1] += ":*"
		}
		parts[i] = "(" + strings.Join(lex, " <-> ") + ")"
	}
	return strings.Join(parts, " & ")
}
