package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTokensSplitsHanIntoOverlappingBigrams(t *testing.T) {
	for _, tc := range []struct {
		text string
		want string
	}{
		{"上海企业", "上海 海企 企业"},
		{"越南", "越南"},
		{"越", "越"},                                      // a run of one character is that character
		{"在 越 南", "在 越 南"},                              // three one-character runs
		{"出海，合规。", "出海 合规"},                             // punctuation ends a run
		{"ODI备案2025年", "odi 备案 2025 年"},                 // scripts split where they change
		{"Jing'an District", "jing an jingan district"}, // pinyin as typed
		{"Jìng’ān", "jing an jingan"},                   // tone marks and the typographic apostrophe
		{"SÃO PAULO", "sao paulo"},
		{"３００,０００元", "300 000 300000 元"}, // full-width digits and the thousands comma
		{"don't", "don t dont"},
		{"a-b (c) \"d\" e* NEAR f:g h&i j|k !l", "a b c d e near f g h i j k l"},
		{"ひらがなカタカナ", "ひら らが がな なカ カタ タカ カナ"},
		{"서울 시장", "서울 시장"},
		{"", ""},
		{"  ,。！", ""},
	} {
		if got := strings.Join(Tokens(tc.text), " "); got != tc.want {
			t.Errorf("Tokens(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestIndexTextAddsEachHanCharacterOnceAfterTheTerms(t *testing.T) {
	if got := indexText("上海企业，上海 ODI"); got != "上海 海企 企业 上海 odi 上 海 企 业" {
		t.Errorf("indexText = %q", got)
	}
}

func TestTokensCutsVeryLongWords(t *testing.T) {
	long := strings.Repeat("x", 5000)
	toks := Tokens(long)
	if len(toks) != 1 || utf8.RuneCountInString(toks[0]) != maxTokenRunes {
		t.Fatalf("a 5,000-letter word gave %d tokens of %d letters", len(toks), utf8.RuneCountInString(toks[0]))
	}
}

func TestTokensOfInvalidUTF8(t *testing.T) {
	got := Tokens("数据\xff\xfe合规")
	if !slices.Equal(got, []string{"数据", "合规"}) {
		t.Errorf("invalid bytes must separate, got %q", got)
	}
}

// Every token is letters and digits only, which is what keeps it one token for unicode61 and for
// PostgreSQL's parser.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"上海企业 ODI", "Jing'an", "\xff", "a'b'c,1,2", "３００,０００"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range Tokens(s) {
			if tok == "" || utf8.RuneCountInString(tok) > maxTokenRunes*2 {
				t.Fatalf("bad token %q from %q", tok, s)
			}
			for _, r := range tok {
				if !wordRune(r) && !ideographic(r) {
					t.Fatalf("token %q from %q has %q", tok, s, r)
				}
			}
		}
	})
}

func TestParseTerms(t *testing.T) {
	for _, tc := range []struct {
		q, fts, ts string
	}{
		{"越南", `{t} : "越南"`, `('越南')`},
		{"数据合规", `{t3} : "数据合 据合规"`, `('数据' <-> '据合' <-> '合规')`},
		{"越", `{t} : "越"`, `('越')`},
		{"越南 投资", `{t} : "越南" AND {t} : "投资"`, `('越南') & ('投资')`},
		{"Viet", `{t} : "viet"*`, `('viet':*)`},
		{"jing'an", `{t} : "jingan"*`, `('jingan':*)`},
		{"ab", `{t} : "ab"`, `('ab')`},
		{"2025", `{t} : "2025"`, `('2025')`},
		{`"越南" OR -投资* NEAR(a b) col:x & y | !z`, `{t} : "越南" AND {t} : "or" AND {t} : "投资" AND {t} : "near"* AND {t} : "a" AND {t} : "b" AND {t} : "col"* AND {t} : "x" AND {t} : "y" AND {t} : "z"`,
			`('越南') & ('or') & ('投资') & ('near':*) & ('a') & ('b') & ('col':*) & ('x') & ('y') & ('z')`},
		{"数据合 越南", `{t3} : "数据合" AND {t} : "越南"`, `('数据' <-> '据合') & ('越南')`},
		{"越南 越南", `{t} : "越南"`, `('越南')`},
		{"!!! ***", ``, ``},
	} {
		terms, err := parseTerms(tc.q)
		if err != nil {
			t.Errorf("%q: %v", tc.q, err)
			continue
		}
		if got := ftsQuery(terms, "{t}", "{t3}"); got != tc.fts {
			t.Errorf("%q: FTS5 %s, want %s", tc.q, got, tc.fts)
		}
		if got := tsQuery(terms); got != tc.ts {
			t.Errorf("%q: tsquery %s, want %s", tc.q, got, tc.ts)
		}
	}
}

func TestTrigramText(t *testing.T) {
	for in, want := range map[string]string{
		"上海企业，上海 ODI 越南": "上海企 海企业",
		"数据合规与越":         "数据合 据合规 合规与 规与越",
		"越南 a 上":         "",
	} {
		if got := trigramText(in); got != want {
			t.Errorf("trigramText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseTermsRefusesWhatNoOneMeans(t *testing.T) {
	for _, tc := range []struct {
		name, q, key string
	}{
		{"empty", "", "error.required"},
		{"blank", "  \t ", "error.required"},
		{"10,000 characters", strings.Repeat("数", 10000), "error.too_long"},
		{"invalid UTF-8", "越南\xff", "search.q_invalid_utf8"},
		{"too many words", "a b c d e f g h i j k l m n", "search.q_too_many_terms"},
	} {
		_, err := parseTerms(tc.q)
		if got := fieldKey(err, "q"); got != tc.key {
			t.Errorf("%s: got %v, want field q %s", tc.name, err, tc.key)
		}
	}
}
