package directory

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// The directory's vocabularies are data, not code: the provider categories of DOMAIN.md §7 with
// their stable codes, the languages providers work in, and the small lists of an enterprise's
// profile. Each entry has a code (stored), Chinese and English names (shown) and aliases (what
// district staff write in spreadsheets, read by the importer).

//go:embed data/*.csv
var dataFS embed.FS

// Choice is one entry of a vocabulary.
type Choice struct {
	Code    string   `json:"code"`
	NameZh  string   `json:"name_zh"`
	NameEn  string   `json:"name_en"`
	Aliases []string `json:"-"`
}

// Vocabulary is an ordered list of choices.
type Vocabulary struct {
	Name    string
	Choices []Choice
	index   map[string]string // lower-cased code, name or alias → code
	byCode  map[string]Choice
}

// Has reports whether code is one of the vocabulary's codes.
func (v *Vocabulary) Has(code string) bool { _, ok := v.byCode[code]; return ok }

// Get returns the choice with code.
func (v *Vocabulary) Get(code string) (Choice, bool) { c, ok := v.byCode[code]; return c, ok }

// Codes lists the codes in order.
func (v *Vocabulary) Codes() []string {
	out := make([]string, len(v.Choices))
	for i, c := range v.Choices {
		out[i] = c.Code
	}
	return out
}

// Resolve maps what a person wrote — a code, a name in either language or an alias — to a code.
func (v *Vocabulary) Resolve(s string) (string, bool) {
	code, ok := v.index[strings.ToLower(strings.TrimSpace(s))]
	return code, ok
}

func newVocabulary(name string, choices []Choice) (*Vocabulary, error) {
	v := &Vocabulary{Name: name, Choices: choices, index: map[string]string{}, byCode: map[string]Choice{}}
	for _, c := range choices {
		if _, dup := v.byCode[c.Code]; dup {
			return nil, fmt.Errorf("%s: code %q twice", name, c.Code)
		}
		v.byCode[c.Code] = c
	}
	for _, c := range choices {
		for _, key := range append([]string{c.Code, c.NameZh, c.NameEn}, c.Aliases...) {
			key = strings.ToLower(strings.TrimSpace(key))
			if key == "" {
				continue
			}
			if other, ok := v.index[key]; ok && other != c.Code {
				return nil, fmt.Errorf("%s: %q names both %s and %s", name, key, other, c.Code)
			}
			v.index[key] = c.Code
		}
	}
	return v, nil
}

// Reference holds every vocabulary.
type Reference struct {
	Categories     *Vocabulary // provider categories: legal, accounting, … (stable codes)
	Languages      *Vocabulary // ISO 639-1
	SizeClasses    *Vocabulary // large, medium, small, micro
	Ownerships     *Vocabulary
	EntityKinds    *Vocabulary // kinds of overseas entity
	EntityStatuses *Vocabulary
}

// CategoryCodes are the stable codes of the provider categories; the data file must hold exactly
// these, in this order, because other packages and saved needs refer to them.
var CategoryCodes = []string{"legal", "accounting", "consulting", "finance", "ip", "certification", "hr", "it",
	"logistics", "translation", "security", "marketing"}

func readCSV(name string, header string) ([][]string, error) {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(b))
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != header {
		return nil, fmt.Errorf("%s: header must be %s", name, header)
	}
	return rows[1:], nil
}

func aliases(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}

func loadReference() (*Reference, error) {
	ref := &Reference{}
	rows, err := readCSV("categories.csv", "code,name_zh,name_en,aliases")
	if err != nil {
		return nil, err
	}
	var cats []Choice
	for _, r := range rows {
		cats = append(cats, Choice{Code: r[0], NameZh: r[1], NameEn: r[2], Aliases: aliases(r[3])})
	}
	if ref.Categories, err = newVocabulary("categories", cats); err != nil {
		return nil, err
	}
	if !slices.Equal(ref.Categories.Codes(), CategoryCodes) {
		return nil, fmt.Errorf("categories.csv: codes %v, want %v", ref.Categories.Codes(), CategoryCodes)
	}
	rows, err = readCSV("languages.csv", "code,name_zh,name_en")
	if err != nil {
		return nil, err
	}
	var langs []Choice
	for _, r := range rows {
		langs = append(langs, Choice{Code: r[0], NameZh: r[1], NameEn: r[2]})
	}
	if ref.Languages, err = newVocabulary("languages", langs); err != nil {
		return nil, err
	}
	rows, err = readCSV("choices.csv", "list,code,name_zh,name_en,aliases")
	if err != nil {
		return nil, err
	}
	lists := map[string][]Choice{}
	for _, r := range rows {
		lists[r[0]] = append(lists[r[0]], Choice{Code: r[1], NameZh: r[2], NameEn: r[3], Aliases: aliases(r[4])})
	}
	for name, dst := range map[string]**Vocabulary{"size": &ref.SizeClasses, "ownership": &ref.Ownerships,
		"entity_kind": &ref.EntityKinds, "entity_status": &ref.EntityStatuses} {
		if len(lists[name]) == 0 {
			return nil, fmt.Errorf("choices.csv: no %s entries", name)
		}
		if *dst, err = newVocabulary(name, lists[name]); err != nil {
			return nil, err
		}
		delete(lists, name)
	}
	for name := range lists {
		return nil, fmt.Errorf("choices.csv: unknown list %q", name)
	}
	return ref, nil
}

var reference = sync.OnceValues(loadReference)

// Ref returns the vocabularies. They are embedded in the binary, so a failure to load them is a
// build defect (TestReferenceLoads) and panics.
func Ref() *Reference {
	r, err := reference()
	if err != nil {
		panic(err)
	}
	return r
}
