package casework

import (
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"chuhai/internal/apperr"
	"chuhai/internal/workday"
)

// Field limits.
const (
	maxTitle       = 200
	maxDescription = 5000
	maxNote        = 2000
	maxReason      = 500
	maxName        = 100
	maxOrg         = 200
	maxCountries   = 20
	maxScope       = 2000
	maxInvoiceNo   = 40
	maxComment     = 1000
)

// checkText trims *s and checks its length (in characters) and that it holds no control characters
// other than line breaks and tabs.
func checkText(v *apperr.Validator, field string, s *string, max int, required bool) {
	*s = strings.TrimSpace(*s)
	switch {
	case *s == "":
		if required {
			v.Add(field, "error.required")
		}
	case !utf8.ValidString(*s) || strings.ContainsFunc(*s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }):
		v.Add(field, "casework.text.control")
	case utf8.RuneCountInString(*s) > max:
		v.Add(field, "error.too_long", "Max", max)
	}
}

var (
	countryPattern = regexp.MustCompile(`^[A-Z]{2}$`)
	phonePattern   = regexp.MustCompile(`^\+?[0-9][0-9 ()-]{4,28}[0-9]$`)
	refPattern     = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-[0-9]{4}-[0-9]{6,}$`)
)

// ValidRef reports whether s looks like a reference number (POINT-YYYY-NNNNNN).
func ValidRef(s string) bool { return len(s) <= 40 && refPattern.MatchString(s) }

// normCountries upper-cases, trims and de-duplicates country codes, keeping their order.
func normCountries(in []string) []string {
	out := []string{}
	for _, c := range in {
		c = strings.ToUpper(strings.TrimSpace(c))
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func checkEmail(v *apperr.Validator, field string, s *string) {
	*s = strings.TrimSpace(*s)
	if *s == "" {
		return
	}
	a, err := mail.ParseAddress(*s)
	if err != nil || a.Address != *s || len(*s) > 254 || !strings.Contains((*s)[strings.LastIndex(*s, "@"):], ".") {
		v.Add(field, "casework.contact.email")
	}
}

func checkPhone(v *apperr.Validator, field string, s *string) {
	*s = strings.TrimSpace(*s)
	if *s != "" && !phonePattern.MatchString(*s) {
		v.Add(field, "casework.contact.phone")
	}
}

// parseDay reads a YYYY-MM-DD date; an empty string is the zero date.
func parseDay(v *apperr.Validator, field, s string) workday.Date {
	s = strings.TrimSpace(s)
	if s == "" {
		return workday.Date{}
	}
	d, err := workday.ParseDate(s)
	if err != nil {
		v.Add(field, "casework.date.format")
		return workday.Date{}
	}
	return d
}

// shanghai is where "today" is for dates people type: the platform's zone.
var shanghai = time.FixedZone("CST", 8*3600)

func today(now time.Time) workday.Date { return workday.DateOf(now.In(shanghai)) }
