package workday

import (
	"errors"
	"fmt"
	"time"
)

// Date is a civil date — a day in the calendar, with no time of day and no zone. Statutory limits
// count such days; a service point's zone decides which Date an instant falls on (DateOf).
type Date struct {
	year  int
	month time.Month
	day   int
}

// ErrBadDate is returned by ParseDate for anything but a real YYYY-MM-DD date.
var ErrBadDate = errors.New("not a YYYY-MM-DD date")

// NewDate returns the date, normalising out-of-range months and days the way time.Date does
// (2026-02-30 becomes 2026-03-02).
func NewDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 12, 0, 0, 0, time.UTC))
}

// DateOf returns the date on which t falls in t's own location; convert t with In first to ask
// about another zone.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate reads exactly "YYYY-MM-DD" (years 0001–9999) and refuses dates that do not exist.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, ErrBadDate
	}
	n := func(part string) int {
		v := 0
		for i := 0; i < len(part); i++ {
			c := part[i]
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, m, d := n(s[:4]), n(s[5:7]), n(s[8:])
	if y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
		return Date{}, ErrBadDate
	}
	return Date{y, time.Month(m), d}, nil
}

// Year, Month and Day return the parts of the date.
func (d Date) Year() int             { return d.year }
func (d Date) Month() time.Month     { return d.month }
func (d Date) Day() int              { return d.day }
func (d Date) IsZero() bool          { return d == Date{} }
func (d Date) String() string        { return fmt.Sprintf("%04d-%02d-%02d", d.year, int(d.month), d.day) }
func (d Date) Weekday() time.Weekday { return weekdayOf(d.number()) }

// YearDay is the day of the year, 1 to 366.
func (d Date) YearDay() int { return d.number() - daysFromCivil(d.year, 1, 1) + 1 }

// AddDays returns the date n days later (earlier when n is negative).
func (d Date) AddDays(n int) Date { return dateOf(d.number() + n) }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.year != e.year:
		return cmp(d.year, e.year)
	case d.month != e.month:
		return cmp(int(d.month), int(e.month))
	}
	return cmp(d.day, e.day)
}

func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }
func (d Date) After(e Date) bool  { return d.Compare(e) > 0 }

// At returns the instant of the given time of day on d in loc.
func (d Date) At(hour, minute int, loc *time.Location) time.Time {
	return time.Date(d.year, d.month, d.day, hour, minute, 0, 0, loc)
}

// MarshalText writes YYYY-MM-DD (so a Date is a JSON string).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// number is the day number of d: days since 1970-01-01 (negative before it). Day numbers make
// date arithmetic exact for any year, where time.Duration would overflow after 292 years.
func (d Date) number() int { return daysFromCivil(d.year, int(d.month), d.day) }

func dateOf(n int) Date {
	y, m, d := civilFromDays(n)
	return Date{y, time.Month(m), d}
}

// weekdayOf returns the weekday of day number n; day 0, 1970-01-01, was a Thursday.
func weekdayOf(n int) time.Weekday { return time.Weekday(floorMod(n+4, 7)) }

// daysFromCivil and civilFromDays are Howard Hinnant's proleptic Gregorian conversions.
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	doy := (153*((m+9)%12)+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civilFromDays(z int) (y, m, d int) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 12, 0, 0, 0, time.UTC).Day()
}

func daysInYear(year int) int {
	if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		return 366
	}
	return 365
}

func cmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
