package network

import (
	"database/sql/driver"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"chuhai/internal/apperr"

	_ "time/tzdata" // time-zone names are validated and shown on machines without a zoneinfo database
)

// codePattern is a point or alliance code: 2–8 capitals or digits starting with a capital, with an
// optional "-SUFFIX" (JA-ODI). Codes prefix reference numbers, so they stay short and plain.
var codePattern = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,7}(?:-[A-Z0-9]{2,8})?$`)

var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 ()\-]{4,38}$`)

// Field limits, in characters.
const (
	maxNameZh    = 100
	maxNameEn    = 200
	maxAddress   = 300
	maxHours     = 200
	maxPhone     = 40
	maxEmail     = 254
	maxNote      = 2000
	maxTimeZone  = 64
	maxCountries = 60
	maxSearch    = 100
)

// checkLen records error.too_long when s has more than max characters.
func checkLen(v *apperr.Validator, field, s string, max int) {
	v.Check(utf8.RuneCountInString(s) <= max, field, "error.too_long", "Max", max)
}

// required records error.required for an empty value and error.too_long for an over-long one.
func required(v *apperr.Validator, field, s string, max int) {
	if s == "" {
		v.Add(field, "error.required")
		return
	}
	checkLen(v, field, s, max)
}

func checkCode(v *apperr.Validator, code string) {
	switch {
	case code == "":
		v.Add("code", "error.required")
	case !codePattern.MatchString(code):
		v.Add("code", "network.code.format")
	}
}

// checkDate accepts "" or a calendar date written YYYY-MM-DD.
func checkDate(v *apperr.Validator, field, s string) {
	if s == "" {
		return
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		v.Add(field, "network.date.format")
	}
}

func checkEmail(v *apperr.Validator, field, s string) {
	if s == "" {
		return
	}
	a, err := mail.ParseAddress(s)
	v.Check(err == nil && a.Address == s && utf8.RuneCountInString(s) <= maxEmail, field, "network.email.format")
}

func checkPhone(v *apperr.Validator, field, s string) {
	if s == "" {
		return
	}
	v.Check(phonePattern.MatchString(s), field, "network.phone.format")
}

// checkTimeZone accepts IANA zone names such as Asia/Singapore.
func checkTimeZone(v *apperr.Validator, field, tz string) {
	if tz == "" {
		v.Add(field, "error.required")
		return
	}
	if len(tz) > maxTimeZone || tz == "Local" || !strings.Contains(tz, "/") && tz != "UTC" {
		v.Add(field, "network.time_zone.invalid")
		return
	}
	if _, err := time.LoadLocation(tz); err != nil {
		v.Add(field, "network.time_zone.invalid")
	}
}

// normList trims, changes case with fold and drops empty and repeated entries, keeping order.
func normList(in []string, fold func(string) string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		s = fold(strings.TrimSpace(s))
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// nullDate is an optional date: "" is NULL.
func nullDate(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}

// dateText scans a DATE (PostgreSQL) or TEXT (SQLite) column into "YYYY-MM-DD", NULL into "".
type dateText struct{ s *string }

func (d dateText) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d.s = ""
	case time.Time:
		*d.s = x.Format(time.DateOnly)
	case string:
		*d.s = x
	case []byte:
		*d.s = string(x)
	default:
		return fmt.Errorf("date column: unexpected %T", v)
	}
	if len(*d.s) > len(time.DateOnly) {
		*d.s = (*d.s)[:len(time.DateOnly)]
	}
	return nil
}
