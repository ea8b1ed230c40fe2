package odi

import (
	"embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"chuhai/internal/country"
	"chuhai/internal/industry"
)

//go:embed data/*.tsv data/*.toml
var data embed.FS

// Name is a name in both languages.
type Name struct {
	Zh string `json:"zh" toml:"zh"`
	En string `json:"en" toml:"en"`
}

// Country is an ISO 3166-1 country or region, named as internal/country names it (the one list of
// country names, shared with the network).
type Country struct {
	Code string `json:"code"` // alpha-2
	Name
}

// Industry is a GB/T 4754-2017 section (门类, "K") or division (大类, "K70"); the classification
// itself is internal/industry's, shared with the directory.
type Industry struct {
	Code    string `json:"code"`
	Section string `json:"section"`
	Name
}

// Place is where an investor is registered, which decides the provincial-level authorities.
type Place struct {
	Code string `json:"code"` // GB/T 2260
	Name
	DRC      Name `json:"drc"`      // development and reform authority, when its name is on file
	Commerce Name `json:"commerce"` // commerce authority, when its name is on file
}

type tables struct {
	countries     []Country
	countryByCode map[string]Country
	registrations []Place
	regByCode     map[string]Place
	vocabulary    map[string]Name // "reason:war_or_unrest", "category:hotels"
	vocabOrder    map[string][]string
}

// catalogue parses the embedded tables once, and takes the countries from internal/country. They are part of the program, so a broken table is a
// build defect that the tests catch, like a broken template.
var catalogue = sync.OnceValue(func() *tables {
	t := &tables{countryByCode: map[string]Country{}, regByCode: map[string]Place{}, vocabulary: map[string]Name{},
		vocabOrder: map[string][]string{}}
	for _, cc := range country.All() {
		c := Country{Code: cc.Code, Name: Name{cc.NameZh, cc.NameEn}}
		t.countries = append(t.countries, c)
		t.countryByCode[c.Code] = c
	}
	for _, f := range readTSV("data/registrations.tsv", 3) {
		r := Place{Code: f[0], Name: Name{f[1], f[2]}}
		if len(f) == 5 {
			r.DRC, r.Commerce = pair(f[3]), pair(f[4])
		}
		t.registrations = append(t.registrations, r)
		t.regByCode[r.Code] = r
	}
	for _, f := range readTSV("data/vocabulary.tsv", 4) {
		t.vocabulary[f[0]+":"+f[1]] = Name{f[2], f[3]}
		t.vocabOrder[f[0]] = append(t.vocabOrder[f[0]], f[1])
	}
	return t
})

func readTSV(name string, minFields int) [][]string {
	b, err := data.ReadFile(name)
	if err != nil {
		panic(err)
	}
	var out [][]string
	for i, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < minFields {
			panic(fmt.Sprintf("%s:%d: want at least %d tab-separated fields", name, i+1, minFields))
		}
		out = append(out, f)
	}
	return out
}

func pair(s string) Name {
	zh, en, _ := strings.Cut(s, "|")
	return Name{zh, en}
}

// Countries lists every ISO 3166-1 country and region, by code.
func Countries() []Country { return slices.Clone(catalogue().countries) }

// CountryByCode finds a country by its alpha-2 code (case-insensitive).
func CountryByCode(code string) (Country, bool) {
	c, ok := catalogue().countryByCode[strings.ToUpper(strings.TrimSpace(code))]
	return c, ok
}

// Sections lists the 20 GB/T 4754-2017 sections.
func Sections() []Industry {
	var out []Industry
	for _, s := range industry.Sections() {
		out = append(out, Industry{Code: s.Code, Section: s.Code, Name: Name{s.NameZh, s.NameEn}})
	}
	return out
}

// Divisions lists the 97 GB/T 4754-2017 divisions.
func Divisions() []Industry {
	var out []Industry
	for _, s := range industry.Sections() {
		for _, d := range s.Divisions {
			out = append(out, Industry{Code: d.Code, Section: d.Section, Name: Name{d.NameZh, d.NameEn}})
		}
	}
	return out
}

// NormalizeIndustry returns the canonical division code ("K70") for "K70", "k70" or "70", or ""
// when code names no division.
func NormalizeIndustry(code string) string {
	d, _ := industry.DivisionByCode(code)
	return d.Code
}

// IndustryByCode finds a division by code (see NormalizeIndustry for the accepted forms).
func IndustryByCode(code string) (Industry, bool) {
	d, ok := industry.DivisionByCode(code)
	if !ok {
		return Industry{}, false
	}
	return Industry{Code: d.Code, Section: d.Section, Name: Name{d.NameZh, d.NameEn}}, true
}

// Shanghai is the registration place assumed when a project names none: the platform's city.
const Shanghai = "310000"

// Places lists the provincial-level registration places.
func Places() []Place { return slices.Clone(catalogue().registrations) }

// PlaceByCode finds a registration place by its code.
func PlaceByCode(code string) (Place, bool) {
	r, ok := catalogue().regByCode[strings.TrimSpace(code)]
	return r, ok
}

// vocab names a reason or category code, falling back to the code itself for codes added by
// coordinators without a name on file.
func vocab(kind, code string) Name {
	if n, ok := catalogue().vocabulary[kind+":"+code]; ok {
		return n
	}
	return Name{code, code}
}

func knownVocab(kind, code string) bool {
	_, ok := catalogue().vocabulary[kind+":"+code]
	return ok
}

// Vocabulary kinds.
const (
	VocabReason   = "reason"   // why a country or region is sensitive
	VocabCategory = "category" // sensitive industry categories
)

// Term is a code of the rules' vocabulary with its name.
type Term struct {
	Code string `json:"code"`
	Name
}

// Vocabulary lists the codes of a kind (VocabReason, VocabCategory) in their order on file.
func Vocabulary(kind string) []Term {
	var out []Term
	for _, code := range catalogue().vocabOrder[kind] {
		out = append(out, Term{Code: code, Name: vocab(kind, code)})
	}
	return out
}

// VocabName names a code of a kind (the code itself when it has no name on file).
func VocabName(kind, code string) Name { return vocab(kind, code) }
