// Package country is ISO 3166-1 as data: the 249 countries and regions by alpha-2 code, with the
// Chinese names used by the Ministry of Foreign Affairs and MOFCOM and English names. The list lives
// in data/iso3166.tsv so that a renamed country is a data change, and it is the program's only list
// of country names: the network seeds its country regions from it and ODI names destinations by it,
// so every page and document names a country the same way.
package country

import (
	"embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
)

//go:embed data/iso3166.tsv
var dataFS embed.FS

// Country is a country or region of ISO 3166-1.
type Country struct {
	Code   string `json:"code"` // alpha-2, upper case
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
}

type table struct {
	all    []Country
	byCode map[string]Country
}

var codePattern = regexp.MustCompile(`^[A-Z]{2}$`)

var load = sync.OnceValues(func() (*table, error) {
	b, err := dataFS.ReadFile("data/iso3166.tsv")
	if err != nil {
		return nil, err
	}
	return parse(b)
})

// parse reads the list: tab-separated code, Chinese name, English name, in code order; lines
// starting with # are comments.
func parse(b []byte) (*table, error) {
	t := &table{byCode: map[string]Country{}}
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("country data line %d: want 3 tab-separated fields", i+1)
		}
		c := Country{Code: f[0], NameZh: strings.TrimSpace(f[1]), NameEn: strings.TrimSpace(f[2])}
		switch {
		case !codePattern.MatchString(c.Code):
			return nil, fmt.Errorf("country data line %d: bad code %q", i+1, c.Code)
		case len(t.all) > 0 && c.Code <= t.all[len(t.all)-1].Code:
			return nil, fmt.Errorf("country data line %d: %s is out of order or listed twice", i+1, c.Code)
		case c.NameZh == "" || c.NameEn == "":
			return nil, fmt.Errorf("country data line %d: both names are required", i+1)
		}
		t.all = append(t.all, c)
		t.byCode[c.Code] = c
	}
	return t, nil
}

func must() *table {
	t, err := load()
	if err != nil {
		panic(err) // the embedded file is part of the binary; the tests keep it valid
	}
	return t
}

// All lists the countries and regions in code order.
func All() []Country { return slices.Clone(must().all) }

// ByCode finds a country by its alpha-2 code, in any case and with surrounding space.
func ByCode(code string) (Country, bool) {
	c, ok := must().byCode[strings.ToUpper(strings.TrimSpace(code))]
	return c, ok
}
