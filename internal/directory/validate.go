package directory

import (
	"database/sql/driver"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"chuhai/internal/apperr"
)

// Field limits.
const (
	maxNameZh      = 100
	maxNameEn      = 200
	maxAddress     = 300
	maxText        = 4000
	maxShort       = 100
	maxURL         = 300
	maxContacts    = 20
	maxMarkets     = 100
	maxEntities    = 50
	maxCategories  = 12
	maxCountries   = 250
	maxLanguages   = 40
	maxOffices     = 30
	maxServices    = 100
	maxLicences    = 30
	maxForeignReg  = 64
	maxReason      = 1000
	maxPriceFen    = 100_000_000_000 // one billion yuan: far above any professional service
	maxDeliveryDay = 3650
)

var (
	phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 ()\-]{4,38}$`)
	emailPattern = regexp.MustCompile(`^[^@\s<>"]{1,64}@[^@\s<>"]+\.[^@\s<>"]{2,}$`)
	regNoPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ./\-]*$`)
)

func trim(ps ...*string) {
	for _, p := range ps {
		*p = strings.TrimSpace(*p)
	}
}

func checkLen(v *apperr.Validator, field, s string, max int) {
	v.Check(utf8.RuneCountInString(s) <= max, field, "error.too_long", "Max", max)
}

func required(v *apperr.Validator, field, s string, max int) {
	if s == "" {
		v.Add(field, "error.required")
		return
	}
	checkLen(v, field, s, max)
}

func checkPhone(v *apperr.Validator, field, s string) {
	v.Check(s == "" || phonePattern.MatchString(s), field, "directory.phone.format")
}

func checkEmail(v *apperr.Validator, field, s string) {
	v.Check(s == "" || len(s) <= 254 && emailPattern.MatchString(s), field, "directory.email.format")
}

func checkURL(v *apperr.Validator, field, s string) {
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	v.Check(err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && len(s) <= maxURL, field, "directory.url.format")
}

func checkDate(v *apperr.Validator, field, s string) {
	if s == "" {
		return
	}
	_, err := time.Parse(time.DateOnly, s)
	v.Check(err == nil, field, "directory.date.format")
}

// normCodes trims, folds, drops empties and duplicates, keeping the first-seen order.
func normCodes(in []string, fold func(string) string) []string {
	out := []string{}
	for _, s := range in {
		s = fold(strings.TrimSpace(s))
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// checkVocabulary records an error for the first code that is not in voc.
func checkVocabulary(v *apperr.Validator, field string, codes []string, voc *Vocabulary, max int) {
	if len(codes) > max {
		v.Add(field, "directory.too_many", "Max", max)
		return
	}
	for _, c := range codes {
		if !voc.Has(c) {
			v.Add(field, "directory.unknown_code", "Code", c)
			return
		}
	}
}

// checkRegions records an error for the first code that is not a region of one of kinds.
func checkRegions(v *apperr.Validator, field string, codes []string, g *geography, max int, key string, kinds ...string) {
	if len(codes) > max {
		v.Add(field, "directory.too_many", "Max", max)
		return
	}
	for _, c := range codes {
		if !g.is(c, kinds...) {
			v.Add(field, key, "Code", c)
			return
		}
	}
}

// Contact is a person to reach at an enterprise or a provider.
type Contact struct {
	Name    string `json:"name"`
	Title   string `json:"title"`
	Phone   string `json:"phone"`
	Email   string `json:"email"`
	Primary bool   `json:"primary"`
}

func checkContacts(v *apperr.Validator, cs []Contact) {
	if len(cs) > maxContacts {
		v.Add("contacts", "directory.too_many", "Max", maxContacts)
		return
	}
	primaries := 0
	for i := range cs {
		c := &cs[i]
		trim(&c.Name, &c.Title, &c.Phone, &c.Email)
		f := fmt.Sprintf("contacts[%d].", i)
		required(v, f+"name", c.Name, maxShort)
		checkLen(v, f+"title", c.Title, maxShort)
		checkPhone(v, f+"phone", c.Phone)
		checkEmail(v, f+"email", c.Email)
		v.Check(c.Phone != "" || c.Email != "", f+"phone", "directory.contact.reach")
		if c.Primary {
			primaries++
		}
	}
	v.Check(primaries <= 1, "contacts", "directory.contact.one_primary")
	// With contacts but none marked, the first is the one to call.
	if primaries == 0 && len(cs) > 0 {
		cs[0].Primary = true
	}
}

// nullString stores "" as NULL.
func nullString(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}

// dateText scans a DATE (PostgreSQL) or TEXT (SQLite) column, NULL or not, into YYYY-MM-DD.
type dateText struct{ s *string }

func (d dateText) Scan(v any) error {
	switch t := v.(type) {
	case nil:
		*d.s = ""
	case time.Time:
		*d.s = t.Format(time.DateOnly)
	case string:
		*d.s = t
	case []byte:
		*d.s = string(t)
	default:
		return fmt.Errorf("date: cannot scan %T", v)
	}
	return nil
}

// nullTime scans a nullable timestamp.
type nullTime struct{ t **time.Time }

func (n nullTime) Scan(v any) error {
	switch t := v.(type) {
	case nil:
		*n.t = nil
	case time.Time:
		u := t.UTC()
		*n.t = &u
	default:
		return fmt.Errorf("time: cannot scan %T", v)
	}
	return nil
}

// idList renders ids as a parenthesised list of placeholders starting after n, with their args.
func idList(n int, ids []int64) (string, []any) {
	var b strings.Builder
	args := make([]any, len(ids))
	b.WriteByte('(')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "$%d", n+i+1)
		args[i] = id
	}
	b.WriteByte(')')
	return b.String(), args
}

// fields joins space-separated codes; splitFields is its inverse.
func fields(codes []string) string { return strings.Join(codes, " ") }

func splitFields(s string) []string {
	f := strings.Fields(s)
	if f == nil {
		return []string{}
	}
	return f
}

// mergeFieldErrors copies the field errors of err (an apperr validation error) into v; other errors
// are returned.
func mergeFieldErrors(v *apperr.Validator, err error) error {
	if err == nil {
		return nil
	}
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.KindInvalid || len(e.Fields) == 0 {
		return err
	}
	for _, f := range e.Fields {
		args := make([]any, 0, 2*len(f.Args))
		for k, a := range f.Args {
			args = append(args, k, a)
		}
		v.Add(f.Name, f.Key, args...)
	}
	return nil
}
