package workday

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // service points name IANA zones; the binary must resolve them on any host

	"chuhai/internal/apperr"
)

// Clock is a time of day in minutes after midnight, 0 (00:00) to 1440 (24:00).
type Clock int

// String formats the clock as HH:MM.
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// Hours are a service point's daily working hours: one span, optionally with a lunch break.
// LunchStart and LunchEnd are both zero when there is no break.
type Hours struct {
	Start, End           Clock
	LunchStart, LunchEnd Clock
}

// DefaultHours are a Chinese government service centre's usual hours, used when a point has none.
var DefaultHours = Hours{Start: 9 * 60, End: 17 * 60}

// ParseHours reads "09:00-17:00" (no break) or "09:00-12:00,13:00-17:00" (morning and afternoon,
// the gap being the lunch break). En dashes and "~" are accepted for the dash, "，" and ";" for
// the comma. Errors are field errors on field.
func ParseHours(field, s string) (Hours, error) {
	bad := apperr.Invalid(apperr.F(field, "workday.hours_bad"))
	s = strings.NewReplacer("–", "-", "—", "-", "~", "-", "，", ",", ";", ",", " ", "").Replace(strings.TrimSpace(s))
	if s == "" {
		return Hours{}, apperr.Invalid(apperr.F(field, "error.required"))
	}
	parts := strings.Split(s, ",")
	if len(parts) > 2 {
		return Hours{}, bad
	}
	var spans [][2]Clock
	for _, p := range parts {
		a, b, ok := strings.Cut(p, "-")
		if !ok {
			return Hours{}, bad
		}
		from, err1 := parseClock(a)
		to, err2 := parseClock(b)
		if err1 != nil || err2 != nil {
			return Hours{}, bad
		}
		spans = append(spans, [2]Clock{from, to})
	}
	h := Hours{Start: spans[0][0], End: spans[0][1]}
	if len(spans) == 2 {
		h = Hours{Start: spans[0][0], LunchStart: spans[0][1], LunchEnd: spans[1][0], End: spans[1][1]}
	}
	if !h.valid() {
		return Hours{}, apperr.Invalid(apperr.F(field, "workday.hours_order"))
	}
	return h, nil
}

func parseClock(s string) (Clock, error) {
	hh, mm, ok := strings.Cut(s, ":")
	if !ok || len(mm) != 2 || len(hh) < 1 || len(hh) > 2 {
		return 0, strconv.ErrSyntax
	}
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if err1 != nil || err2 != nil || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, strconv.ErrSyntax
	}
	return Clock(h*60 + m), nil
}

func (h Hours) valid() bool {
	if h.Start < 0 || h.End > 24*60 || h.Start >= h.End {
		return false
	}
	if h.LunchStart == 0 && h.LunchEnd == 0 {
		return true
	}
	return h.Start < h.LunchStart && h.LunchStart < h.LunchEnd && h.LunchEnd < h.End
}

// String formats the hours as ParseHours reads them.
func (h Hours) String() string {
	if h.LunchStart == 0 && h.LunchEnd == 0 {
		return h.Start.String() + "-" + h.End.String()
	}
	return h.Start.String() + "-" + h.LunchStart.String() + "," + h.LunchEnd.String() + "-" + h.End.String()
}

// Daily is the working time in one working day.
func (h Hours) Daily() time.Duration {
	var d time.Duration
	for _, s := range h.sessions() {
		d += time.Duration(s[1]-s[0]) * time.Minute
	}
	return d
}

func (h Hours) sessions() [][2]Clock {
	if h.LunchStart == 0 && h.LunchEnd == 0 {
		return [][2]Clock{{h.Start, h.End}}
	}
	return [][2]Clock{{h.Start, h.LunchStart}, {h.LunchEnd, h.End}}
}

// Schedule is when a service point works: the calendar of its region and its daily hours. Points in
// mainland China use the Chinese calendar; an overseas point uses its own region's calendar (see
// Calendars.For and CalendarRegion), or weekends-only with provisional answers until one is loaded.
type Schedule struct {
	Calendar *Calendar
	Hours    Hours
}

// AddWorkingHours returns the instant at which d of working time has passed after t, counting only
// the point's hours on its working days, in loc — the point's own zone (nil: t's zone). Work ending
// exactly at closing time ends then, not at the next opening. d = 0 returns t; a negative d counts
// back. provisional is true when a day counted lies in a year without a loaded calendar, or when
// the schedule's hours are invalid and DefaultHours were used instead.
func (s Schedule) AddWorkingHours(t time.Time, d time.Duration, loc *time.Location) (time.Time, bool) {
	cal, hours, prov := s.resolved()
	if loc != nil {
		t = t.In(loc)
	}
	loc = t.Location()
	if d == 0 {
		return t, prov
	}
	sessions := hours.sessions()
	day := DateOf(t)
	if d > 0 {
		for rem := d; ; day = day.AddDays(1) {
			work, p := cal.IsWorkday(day)
			prov = prov || p
			if !work {
				continue
			}
			for _, sp := range sessions {
				start, end := day.At(0, int(sp[0]), loc), day.At(0, int(sp[1]), loc)
				if !t.Before(end) {
					continue
				}
				from := later(t, start)
				if avail := end.Sub(from); rem > avail {
					rem -= avail
					t = end
					continue
				}
				return from.Add(rem), prov
			}
		}
	}
	for rem := -max(d, -math.MaxInt64); ; day = day.AddDays(-1) {
		work, p := cal.IsWorkday(day)
		prov = prov || p
		if !work {
			continue
		}
		for i := len(sessions) - 1; i >= 0; i-- {
			start, end := day.At(0, int(sessions[i][0]), loc), day.At(0, int(sessions[i][1]), loc)
			if !start.Before(t) {
				continue
			}
			to := earlier(t, end)
			if avail := to.Sub(start); rem > avail {
				rem -= avail
				t = start
				continue
			}
			return to.Add(-rem), prov
		}
	}
}

// WorkingTimeBetween returns the working time from a to b (negative when b is before a), counted as
// AddWorkingHours counts it, so WorkingTimeBetween(t, AddWorkingHours(t, d)) == d.
func (s Schedule) WorkingTimeBetween(a, b time.Time, loc *time.Location) (time.Duration, bool) {
	if b.Before(a) {
		d, p := s.WorkingTimeBetween(b, a, loc)
		return -d, p
	}
	cal, hours, prov := s.resolved()
	if loc == nil {
		loc = a.Location()
	}
	a, b = a.In(loc), b.In(loc)
	var total time.Duration
	last := DateOf(b)
	for day := DateOf(a); !day.After(last); day = day.AddDays(1) {
		work, p := cal.IsWorkday(day)
		prov = prov || p
		if !work {
			continue
		}
		for _, sp := range hours.sessions() {
			from := later(a, day.At(0, int(sp[0]), loc))
			to := earlier(b, day.At(0, int(sp[1]), loc))
			if to.After(from) {
				total += to.Sub(from)
			}
		}
	}
	return total, prov
}

func (s Schedule) resolved() (*Calendar, Hours, bool) {
	cal := s.Calendar
	if cal == nil {
		cal = &Calendar{}
	}
	if !s.Hours.valid() {
		return cal, DefaultHours, true
	}
	return cal, s.Hours, false
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// Schedule returns the schedule of a service point from its network region code (see
// CalendarRegion) and its opening hours as ParseHours reads them; empty hours mean DefaultHours.
// The point's time zone is passed to AddWorkingHours separately.
func (cs *Calendars) Schedule(regionCode, hours string) (Schedule, error) {
	h := DefaultHours
	if strings.TrimSpace(hours) != "" {
		var err error
		if h, err = ParseHours("opening_hours", hours); err != nil {
			return Schedule{}, err
		}
	}
	return Schedule{Calendar: cs.For(CalendarRegion(regionCode)), Hours: h}, nil
}
