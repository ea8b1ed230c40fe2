// Package workday owns working days and working hours: the Chinese statutory calendar (weekends
// off, public holidays off, make-up working days on weekends on) and any other region's calendar,
// kept as data that administrators load each year; counting working days the way statutory time
// limits count them; and counting a service point's working hours in its own time zone. A date in
// a year with no loaded calendar falls back to weekends-only counting and every answer touching it
// says so (provisional) — never silently wrong.
package workday

import (
	"slices"
	"strings"
	"time"

	"chuhai/internal/apperr"
)

// China is the region whose calendar (国务院办公厅 notice each November) governs statutory limits
// and Shanghai service points.
const China = "CN"

// MaxCount bounds n in AddWorkdays: about 4,000 years of working days, far beyond any statutory
// count. Larger counts are clamped and the answer is marked provisional.
const MaxCount = 1_000_000

// Kind says what a listed day is; days not listed follow the weekend rule.
type Kind string

const (
	// Off is a day without work: a public holiday, or a weekday given off by 调休.
	Off Kind = "off"
	// On is a make-up working day (调休上班) falling on a Saturday or Sunday.
	On Kind = "on"
)

// Day is one listed day of a published calendar.
type Day struct {
	Date Date   `json:"date"`
	Kind Kind   `json:"kind"`
	Note string `json:"note,omitempty"`
}

// Year is one region's published calendar for one year: every day that differs from the weekend
// rule, plus public holidays that fall on weekends (listed as published; they change nothing).
type Year struct {
	Region string `json:"region"`
	Year   int    `json:"year"`
	Days   []Day  `json:"days"`
}

// Counts returns how many days the year lists as off and as on.
func (y Year) Counts() (off, on int) {
	for _, d := range y.Days {
		if d.Kind == On {
			on++
		} else {
			off++
		}
	}
	return off, on
}

// yearTable is the working status of every day of one loaded year, with running counts so that
// whole years can be skipped when counting far.
type yearTable struct {
	year  Year
	start int     // day number of 1 January
	work  []bool  // by day of year, 0-based
	cum   []int32 // cum[i]: working days among the first i days
}

func newYearTable(y Year) *yearTable {
	start := daysFromCivil(y.Year, 1, 1)
	n := daysInYear(y.Year)
	t := &yearTable{year: y, start: start, work: make([]bool, n), cum: make([]int32, n+1)}
	for i := range n {
		t.work[i] = !weekend(weekdayOf(start + i))
	}
	for _, d := range y.Days {
		t.work[d.Date.number()-start] = d.Kind == On
	}
	for i, w := range t.work {
		t.cum[i+1] = t.cum[i]
		if w {
			t.cum[i+1]++
		}
	}
	return t
}

func weekend(d time.Weekday) bool { return d == time.Saturday || d == time.Sunday }

// Calendar is one region's working-day calendar: the years loaded for it, and weekends-only
// (provisional) counting for every other year. A Calendar is immutable and safe for concurrent use.
type Calendar struct {
	region string
	years  map[int]*yearTable
}

// NewCalendar builds region's calendar from published years; each must be valid, for region, and
// appear once.
func NewCalendar(region string, years ...Year) (*Calendar, error) {
	region = strings.ToUpper(region)
	c := &Calendar{region: region, years: make(map[int]*yearTable, len(years))}
	for _, y := range years {
		if err := y.Validate(); err != nil {
			return nil, err
		}
		if !strings.EqualFold(y.Region, region) {
			return nil, apperr.Invalid(apperr.F("region", "workday.region_mismatch", "Want", region, "Got", y.Region))
		}
		if c.years[y.Year] != nil {
			return nil, apperr.Invalid(apperr.F("year", "workday.year_twice", "Year", y.Year))
		}
		c.years[y.Year] = newYearTable(sortedDays(y))
	}
	return c, nil
}

func sortedDays(y Year) Year {
	days := slices.Clone(y.Days)
	slices.SortFunc(days, func(a, b Day) int { return a.Date.Compare(b.Date) })
	y.Days = days
	y.Region = strings.ToUpper(y.Region)
	return y
}

// Region is the calendar's region code.
func (c *Calendar) Region() string { return c.region }

// Years lists the loaded years in order.
func (c *Calendar) Years() []int {
	ys := make([]int, 0, len(c.years))
	for y := range c.years {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	return ys
}

// Year returns the loaded calendar of year, if any.
func (c *Calendar) Year(year int) (Year, bool) {
	t := c.years[year]
	if t == nil {
		return Year{}, false
	}
	return t.year, true
}

// IsWorkday reports whether d is a working day; provisional is true when d's year has no loaded
// calendar and only the weekend rule was applied.
func (c *Calendar) IsWorkday(d Date) (work, provisional bool) { return c.isWork(d.number()) }

func (c *Calendar) isWork(n int) (work, provisional bool) {
	y, _, _ := civilFromDays(n)
	if t := c.years[y]; t != nil {
		return t.work[n-t.start], false
	}
	return !weekend(weekdayOf(n)), true
}

// count returns the working days with day numbers in [a, b), a ≤ b, a year at a time.
func (c *Calendar) count(a, b int) (n int, provisional bool) {
	for a < b {
		y, _, _ := civilFromDays(a)
		next := daysFromCivil(y+1, 1, 1)
		end := min(b, next)
		if t := c.years[y]; t != nil {
			n += int(t.cum[end-t.start] - t.cum[a-t.start])
		} else {
			provisional = true
			n += weekdays(a, end)
		}
		a = end
	}
	return n, provisional
}

// weekdays counts Monday-to-Friday day numbers in [a, b).
func weekdays(a, b int) int {
	span := b - a
	n := span / 7 * 5
	for d := a + span/7*7; d < b; d++ {
		if !weekend(weekdayOf(d)) {
			n++
		}
	}
	return n
}

// AddWorkdays returns the n-th working day after from, counted the statutory way: the day the clock
// starts (acceptance, receipt) is never counted; counting begins with the next working day. So a
// limit of 20 working days from an acceptance on from ends on AddWorkdays(from, 20), and
// AddWorkdays(2026-09-30, 1) is 2026-10-08 because 1–7 October are off.
//
// A negative n counts backwards the same way (the |n|-th working day before from, from itself not
// counted); n = 0 returns from unchanged, working day or not. provisional is true when any day the
// count passed over lies in a year with no loaded calendar, or when |n| exceeded MaxCount and was
// clamped.
func (c *Calendar) AddWorkdays(from Date, n int) (Date, bool) {
	if n == 0 {
		return from, false
	}
	clamped := false
	if n > MaxCount {
		n, clamped = MaxCount, true
	} else if n < -MaxCount {
		n, clamped = -MaxCount, true
	}
	var z int
	var prov bool
	if n > 0 {
		z, prov = c.forward(from.number(), n)
	} else {
		z, prov = c.backward(from.number(), -n)
	}
	return dateOf(z), prov || clamped
}

func (c *Calendar) forward(z, n int) (int, bool) {
	prov := false
	cur := z + 1
	for { // skip whole (rest of) years that do not use up n
		y, _, _ := civilFromDays(cur)
		next := daysFromCivil(y+1, 1, 1)
		k, p := c.count(cur, next)
		if k >= n {
			break
		}
		n, prov, cur = n-k, prov || p, next
	}
	for ; ; cur++ {
		w, p := c.isWork(cur)
		prov = prov || p
		if w {
			if n--; n == 0 {
				return cur, prov
			}
		}
	}
}

func (c *Calendar) backward(z, n int) (int, bool) {
	prov := false
	cur := z - 1
	for {
		y, _, _ := civilFromDays(cur)
		first := daysFromCivil(y, 1, 1)
		k, p := c.count(first, cur+1)
		if k >= n {
			break
		}
		n, prov, cur = n-k, prov || p, first-1
	}
	for ; ; cur-- {
		w, p := c.isWork(cur)
		prov = prov || p
		if w {
			if n--; n == 0 {
				return cur, prov
			}
		}
	}
}

// WorkdaysBetween counts the working days passed going from a to b, counted as AddWorkdays counts:
// a is never counted, b is counted when it is a working day. So for a ≤ b it is the number of
// working days in (a, b], for a > b minus the number in [b, a), and always
// WorkdaysBetween(d, AddWorkdays(d, n)) == n. It is antisymmetric (WorkdaysBetween(a, b) ==
// -WorkdaysBetween(b, a)) whenever a and b are both working days or both days off.
// provisional is true when a year in the range has no loaded calendar.
func (c *Calendar) WorkdaysBetween(a, b Date) (int, bool) {
	za, zb := a.number(), b.number()
	if za <= zb {
		return c.count(za+1, zb+1)
	}
	n, p := c.count(zb, za)
	return -n, p
}

// Calendars is the calendar of every region that has one. Regions without a loaded calendar get a
// weekends-only calendar whose every answer is provisional.
type Calendars struct {
	regions map[string]*Calendar
}

// NewCalendars groups published years by region into calendars.
func NewCalendars(years ...Year) (*Calendars, error) {
	byRegion := map[string][]Year{}
	for _, y := range years {
		r := strings.ToUpper(y.Region)
		byRegion[r] = append(byRegion[r], y)
	}
	cs := &Calendars{regions: make(map[string]*Calendar, len(byRegion))}
	for r, ys := range byRegion {
		c, err := NewCalendar(r, ys...)
		if err != nil {
			return nil, err
		}
		cs.regions[r] = c
	}
	return cs, nil
}

// For returns region's calendar (region codes are case-insensitive).
func (cs *Calendars) For(region string) *Calendar {
	region = strings.ToUpper(region)
	if c := cs.regions[region]; c != nil {
		return c
	}
	return &Calendar{region: region}
}

// China returns the Chinese statutory calendar.
func (cs *Calendars) China() *Calendar { return cs.For(China) }

// Regions lists the regions with a loaded calendar.
func (cs *Calendars) Regions() []string {
	out := make([]string, 0, len(cs.regions))
	for r := range cs.regions {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

// CalendarRegion maps a service network region code to the calendar that governs it: GB/T 2260
// codes (six digits) are mainland China except Hong Kong (81…), Macao (82…) and Taiwan (71…),
// which keep their own public holidays; ISO 3166 alpha-2 codes stand for themselves.
func CalendarRegion(regionCode string) string {
	code := strings.ToUpper(strings.TrimSpace(regionCode))
	if code == "" {
		return China
	}
	if len(code) == 6 && strings.Trim(code, "0123456789") == "" {
		switch code[:2] {
		case "81":
			return "HK"
		case "82":
			return "MO"
		case "71":
			return "TW"
		}
		return China
	}
	return code
}
