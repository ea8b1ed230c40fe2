// Package industry is the national industry classification GB/T 4754-2017 (国民经济行业分类) as
// data: its 20 sections (门类, A–T) and 97 divisions (大类, 01–97), with Chinese and English names.
// The list lives in data/gbt4754_2017.csv so that a revision of the standard is a data change; every
// package that records or matches an industry (the directory, ODI rules, policy applicability) uses
// this one list and its canonical codes: "C" for a section, "C39" for a division.
package industry

import (
	"embed"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

//go:embed data/gbt4754_2017.tsv
var dataFS embed.FS

// Division is a 大类 of GB/T 4754-2017.
type Division struct {
	Code    string `json:"code"`    // canonical: section letter and two digits, e.g. "C39"
	Section string `json:"section"` // e.g. "C"
	Number  string `json:"number"`  // the standard's own two digits, e.g. "39"
	NameZh  string `json:"name_zh"`
	NameEn  string `json:"name_en"`
}

// Section is a 门类 of GB/T 4754-2017 with its divisions.
type Section struct {
	Code      string     `json:"code"` // "A" … "T"
	NameZh    string     `json:"name_zh"`
	NameEn    string     `json:"name_en"`
	Divisions []Division `json:"divisions"`
}

// Entry is a section or a division, as Lookup finds it.
type Entry struct {
	Code    string `json:"code"`    // canonical code
	Section string `json:"section"` // the section letter (the code itself for a section)
	NameZh  string `json:"name_zh"`
	NameEn  string `json:"name_en"`
}

// IsSection reports whether e is a whole section rather than one division.
func (e Entry) IsSection() bool { return e.Code == e.Section }

type table struct {
	sections []Section
	byCode   map[string]Entry  // canonical code → entry
	byNumber map[string]string // "39" → "C39"
	byName   map[string]string // lower-cased zh or en name → canonical code
}

var (
	sectionPattern  = regexp.MustCompile(`^[A-T]$`)
	divisionPattern = regexp.MustCompile(`^[0-9]{2}$`)
	// Codes as people write them: a section letter, a division or a deeper class (C3911, 3911).
	codePattern = regexp.MustCompile(`^([A-T])?([0-9]{2})([0-9]{1,2})?$`)
)

var load = sync.OnceValues(func() (*table, error) {
	b, err := dataFS.ReadFile("data/gbt4754_2017.tsv")
	if err != nil {
		return nil, err
	}
	return parse(b)
})

// parse reads the classification: tab-separated code, Chinese name, English name; a section's code
// is its letter, a division's the letter and two digits, and divisions follow their section. Lines
// starting with # are comments.
func parse(b []byte) (*table, error) {
	t := &table{byCode: map[string]Entry{}, byNumber: map[string]string{}, byName: map[string]string{}}
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("industry data line %d: want 3 tab-separated fields", i+1)
		}
		code, zh, en := strings.TrimSpace(f[0]), strings.TrimSpace(f[1]), strings.TrimSpace(f[2])
		if zh == "" || en == "" {
			return nil, fmt.Errorf("industry data line %d: empty name", i+1)
		}
		switch {
		case sectionPattern.MatchString(code):
			t.sections = append(t.sections, Section{Code: code, NameZh: zh, NameEn: en, Divisions: []Division{}})
			t.byCode[code] = Entry{Code: code, Section: code, NameZh: zh, NameEn: en}
		case len(code) == 3 && divisionPattern.MatchString(code[1:]):
			if len(t.sections) == 0 || t.sections[len(t.sections)-1].Code != code[:1] {
				return nil, fmt.Errorf("industry data line %d: division %s outside its section", i+1, code)
			}
			number := code[1:]
			if _, dup := t.byNumber[number]; dup {
				return nil, fmt.Errorf("industry data line %d: division %s twice", i+1, number)
			}
			s := &t.sections[len(t.sections)-1]
			d := Division{Code: code, Section: s.Code, Number: number, NameZh: zh, NameEn: en}
			s.Divisions = append(s.Divisions, d)
			t.byCode[d.Code] = Entry{Code: d.Code, Section: s.Code, NameZh: zh, NameEn: en}
			t.byNumber[number] = d.Code
		default:
			return nil, fmt.Errorf("industry data line %d: bad code %q", i+1, code)
		}
	}
	// Names identify entries only where they are unambiguous: K 房地产业 is both a section and its
	// one division, and the division is the more precise answer.
	for _, s := range t.sections {
		t.byName[strings.ToLower(s.NameZh)] = s.Code
		t.byName[strings.ToLower(s.NameEn)] = s.Code
		for _, d := range s.Divisions {
			t.byName[strings.ToLower(d.NameZh)] = d.Code
			t.byName[strings.ToLower(d.NameEn)] = d.Code
		}
	}
	return t, nil
}

func must() *table {
	t, err := load()
	if err != nil {
		panic(err) // the embedded file is part of the binary; TestDataLoads keeps it valid
	}
	return t
}

// Sections lists the classification in the standard's order. The slice is shared: do not modify it.
func Sections() []Section { return must().sections }

// Lookup returns the entry with a canonical code ("C" or "C39").
func Lookup(code string) (Entry, bool) {
	e, ok := must().byCode[code]
	return e, ok
}

// Normalize turns what people write — "C39", "39", "c 39", "C3911" (a class, kept at its division),
// a section letter, or an exact Chinese or English name — into a canonical code. A division number
// given with the wrong section letter ("A39") is not accepted.
func Normalize(s string) (string, bool) {
	t := must()
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	if code, ok := t.byName[strings.ToLower(s)]; ok {
		return code, true
	}
	compact := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if sectionPattern.MatchString(compact) {
		return compact, true
	}
	m := codePattern.FindStringSubmatch(compact)
	if m == nil {
		return "", false
	}
	code, ok := t.byNumber[m[2]]
	if !ok || m[1] != "" && !strings.HasPrefix(code, m[1]) {
		return "", false
	}
	return code, true
}

// DivisionByCode finds a division written exactly as a division code: "K70", "k70", " K70 " or the
// bare number "70". Unlike Normalize it accepts no section, class or name; rules keyed on divisions
// use it.
func DivisionByCode(code string) (Division, bool) {
	t := must()
	code = strings.ToUpper(strings.TrimSpace(code))
	if divisionPattern.MatchString(code) {
		code = t.byNumber[code]
	}
	e, ok := t.byCode[code]
	if !ok || e.IsSection() {
		return Division{}, false
	}
	return Division{Code: e.Code, Section: e.Section, Number: e.Code[1:], NameZh: e.NameZh, NameEn: e.NameEn}, true
}

// SectionOf returns the section letter of a canonical code, or "" when the code is unknown.
func SectionOf(code string) string {
	if e, ok := Lookup(code); ok {
		return e.Section
	}
	return ""
}

// Within reports whether code lies in (or is) the entry scope: a division is within its section and
// itself. Policies and rules that apply to a section apply to all its divisions.
func Within(code, scope string) bool {
	e, ok := Lookup(code)
	s, ok2 := Lookup(scope)
	if !ok || !ok2 {
		return false
	}
	if s.IsSection() {
		return e.Section == s.Code
	}
	return e.Code == s.Code
}
