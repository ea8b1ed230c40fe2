package workday

import (
	"math/rand/v2"
	"testing"
	"time"
)

func d(s string) Date {
	v, err := ParseDate(s)
	if err != nil {
		panic(s)
	}
	return v
}

// published is DOMAIN.md §3 written out independently of the calendar files, as date ranges.
var published = struct{ off, on [][2]string }{
	off: [][2]string{
		{"2025-01-01", "2025-01-01"}, {"2025-01-28", "2025-02-04"}, {"2025-04-04", "2025-04-06"},
		{"2025-05-01", "2025-05-05"}, {"2025-05-31", "2025-06-02"}, {"2025-10-01", "2025-10-08"},
		{"2026-01-01", "2026-01-03"}, {"2026-02-15", "2026-02-23"}, {"2026-04-04", "2026-04-06"},
		{"2026-05-01", "2026-05-05"}, {"2026-06-19", "2026-06-21"}, {"2026-09-25", "2026-09-27"},
		{"2026-10-01", "2026-10-07"},
	},
	on: [][2]string{
		{"2025-01-26", ""}, {"2025-02-08", ""}, {"2025-04-27", ""}, {"2025-09-28", ""}, {"2025-10-11", ""},
		{"2026-01-04", ""}, {"2026-02-14", ""}, {"2026-02-28", ""}, {"2026-05-09", ""}, {"2026-09-20", ""}, {"2026-10-10", ""},
	},
}

// reference says whether a day is worked, straight from the published facts, with no tables.
func reference() func(Date) (bool, bool) {
	off, on := map[Date]bool{}, map[Date]bool{}
	for _, r := range published.off {
		for x := d(r[0]); !x.After(d(r[1])); x = x.AddDays(1) {
			off[x] = true
		}
	}
	for _, r := range published.on {
		on[d(r[0])] = true
	}
	return func(x Date) (bool, bool) {
		loaded := x.Year() == 2025 || x.Year() == 2026
		switch {
		case loaded && off[x]:
			return false, false
		case loaded && on[x]:
			return true, false
		}
		return x.Weekday() != time.Saturday && x.Weekday() != time.Sunday, !loaded
	}
}

// naiveAdd steps one day at a time with the reference.
func naiveAdd(ref func(Date) (bool, bool), from Date, n int) (Date, bool) {
	step, left, prov := 1, n, false
	if n < 0 {
		step, left = -1, -n
	}
	x := from
	for left > 0 {
		x = x.AddDays(step)
		w, p := ref(x)
		prov = prov || p
		if w {
			left--
		}
	}
	return x, prov
}

func china(t testing.TB) *Calendar {
	t.Helper()
	years, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	cs, err := NewCalendars(years...)
	if err != nil {
		t.Fatal(err)
	}
	return cs.China()
}

func TestBuiltinCalendarIsDomainSection3(t *testing.T) {
	c, ref := china(t), reference()
	if got := c.Years(); len(got) != 2 || got[0] != 2025 || got[1] != 2026 {
		t.Fatalf("built-in years %v", got)
	}
	for x := d("2025-01-01"); x.Year() < 2027; x = x.AddDays(1) {
		w, p := c.IsWorkday(x)
		rw, _ := ref(x)
		if w != rw || p {
			t.Errorf("%s (%s): workday=%v provisional=%v, want %v, false", x, x.Weekday(), w, p, rw)
		}
	}
}

func TestEveryHolidayAndMakeUpDay(t *testing.T) {
	c := china(t)
	for _, tc := range []struct {
		day  string
		work bool
	}{
		{"2025-01-01", false}, {"2025-01-26", true}, {"2025-01-27", true}, {"2025-01-28", false}, {"2025-02-04", false},
		{"2025-02-05", true}, {"2025-02-08", true}, {"2025-02-09", false}, {"2025-04-04", false}, {"2025-04-07", true},
		{"2025-04-27", true}, {"2025-05-01", false}, {"2025-05-05", false}, {"2025-05-06", true}, {"2025-05-30", true},
		{"2025-05-31", false}, {"2025-06-02", false}, {"2025-06-03", true}, {"2025-09-28", true}, {"2025-09-30", true},
		{"2025-10-01", false}, {"2025-10-08", false}, {"2025-10-09", true}, {"2025-10-11", true}, {"2025-10-12", false},
		{"2026-01-01", false}, {"2026-01-02", false}, {"2026-01-03", false}, {"2026-01-04", true}, {"2026-01-05", true},
		{"2026-02-13", true}, {"2026-02-14", true}, {"2026-02-15", false}, {"2026-02-23", false}, {"2026-02-24", true},
		{"2026-02-28", true}, {"2026-03-01", false}, {"2026-04-03", true}, {"2026-04-06", false}, {"2026-04-07", true},
		{"2026-05-05", false}, {"2026-05-06", true}, {"2026-05-09", true}, {"2026-05-10", false}, {"2026-06-19", false},
		{"2026-06-22", true}, {"2026-09-20", true}, {"2026-09-25", false}, {"2026-09-27", false}, {"2026-09-28", true},
		{"2026-10-01", false}, {"2026-10-07", false}, {"2026-10-08", true}, {"2026-10-10", true}, {"2026-10-11", false},
	} {
		w, p := c.IsWorkday(d(tc.day))
		if w != tc.work || p {
			t.Errorf("IsWorkday(%s) = %v, %v; want %v, false", tc.day, w, p, tc.work)
		}
	}
}

func TestStatutoryCountStartsTheNextWorkingDay(t *testing.T) {
	c := china(t)
	for _, tc := range []struct {
		name, from string
		n          int
		want       string
		prov       bool
	}{
		{"national day is skipped", "2026-09-30", 1, "2026-10-08", false},
		{"Saturday 10 Oct 2026 is a make-up working day", "2026-10-09", 1, "2026-10-10", false},
		{"Saturday 14 Feb 2026 works", "2026-02-13", 1, "2026-02-14", false},
		{"spring festival 2026", "2026-02-14", 1, "2026-02-24", false},
		{"Saturday 28 Feb 2026 works", "2026-02-27", 1, "2026-02-28", false},
		{"new year 2026 then Sunday make-up", "2025-12-31", 1, "2026-01-04", false},
		{"qingming 2026", "2026-04-03", 1, "2026-04-07", false},
		{"labour day 2026", "2026-04-30", 1, "2026-05-06", false},
		{"Saturday 9 May 2026 works", "2026-05-08", 1, "2026-05-09", false},
		{"dragon boat 2026", "2026-06-18", 1, "2026-06-22", false},
		{"Sunday 20 Sep 2026 works", "2026-09-19", 1, "2026-09-20", false},
		{"mid-autumn 2026", "2026-09-24", 1, "2026-09-28", false},
		{"spring festival 2025", "2025-01-27", 1, "2025-02-05", false},
		{"Sunday 26 Jan 2025 works", "2025-01-24", 1, "2025-01-26", false},
		{"Saturday 8 Feb 2025 works", "2025-02-07", 1, "2025-02-08", false},
		{"qingming 2025", "2025-04-03", 1, "2025-04-07", false},
		{"Sunday 27 Apr 2025 works", "2025-04-25", 1, "2025-04-27", false},
		{"labour day 2025", "2025-04-30", 1, "2025-05-06", false},
		{"dragon boat 2025", "2025-05-30", 1, "2025-06-03", false},
		{"Sunday 28 Sep 2025 works", "2025-09-26", 1, "2025-09-28", false},
		{"national day 2025", "2025-09-30", 1, "2025-10-09", false},
		{"Saturday 11 Oct 2025 works", "2025-10-10", 1, "2025-10-11", false},
		{"the start day never counts, even a working one", "2026-03-02", 1, "2026-03-03", false},
		{"counting from a holiday", "2026-10-01", 1, "2026-10-08", false},
		{"NDRC approval: 20 working days from 15 Sep 2026", "2026-09-15", 20, "2026-10-19", false},
		{"NDRC filing: 7 working days from 29 Sep 2026", "2026-09-29", 7, "2026-10-14", false},
		{"zero returns the start", "2026-10-01", 0, "2026-10-01", false},
		{"backwards over national day", "2026-10-08", -1, "2026-09-30", false},
		{"backwards over spring festival", "2026-02-24", -1, "2026-02-14", false},
		{"backwards from a Sunday lands on the make-up Saturday", "2026-10-11", -1, "2026-10-10", false},
		{"backwards into 2025", "2026-01-05", -2, "2025-12-31", false},
		{"into an unpublished year is provisional", "2026-12-31", 1, "2027-01-01", true},
		{"inside an unpublished year is provisional", "2027-03-01", 5, "2027-03-08", true},
		{"backwards into an unpublished year", "2025-01-02", -1, "2024-12-31", true},
		{"from an unpublished year into a published one is not", "2024-12-31", 1, "2025-01-02", false},
	} {
		got, prov := c.AddWorkdays(d(tc.from), tc.n)
		if got.String() != tc.want || prov != tc.prov {
			t.Errorf("%s: AddWorkdays(%s, %d) = %s, %v; want %s, %v", tc.name, tc.from, tc.n, got, prov, tc.want, tc.prov)
		}
	}
}

func TestWorkingDaysInAYear(t *testing.T) {
	c := china(t)
	for _, tc := range []struct {
		a, b string
		want int
		prov bool
	}{
		{"2024-12-31", "2025-12-31", 248, false},
		{"2025-12-31", "2026-12-31", 248, false},
		{"2026-12-31", "2027-12-31", 261, true},
		{"2026-09-30", "2026-10-08", 1, false},
		{"2026-10-08", "2026-09-30", -1, false},
		{"2026-10-01", "2026-10-07", 0, false},
		{"2026-10-01", "2026-10-01", 0, false},
		{"2026-10-10", "2026-10-09", -1, false},
	} {
		got, prov := c.WorkdaysBetween(d(tc.a), d(tc.b))
		if got != tc.want || prov != tc.prov {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, %v; want %d, %v", tc.a, tc.b, got, prov, tc.want, tc.prov)
		}
	}
}

// TestAddThenCountGivesNBack is the property tying the two counts together, checked against a
// day-by-day reference over 2024–2027 (so across published and unpublished years).
func TestAddThenCountGivesNBack(t *testing.T) {
	c, ref := china(t), reference()
	rng := rand.New(rand.NewPCG(1, 2))
	base := d("2024-06-01")
	for range 5000 {
		from := base.AddDays(rng.IntN(1100))
		n := rng.IntN(801) - 400
		got, prov := c.AddWorkdays(from, n)
		want, wantProv := naiveAdd(ref, from, n)
		if got != want || prov != wantProv {
			t.Fatalf("AddWorkdays(%s, %d) = %s, %v; reference %s, %v", from, n, got, prov, want, wantProv)
		}
		if back, _ := c.WorkdaysBetween(from, got); back != n {
			t.Fatalf("WorkdaysBetween(%s, AddWorkdays(%s, %d) = %s) = %d", from, from, n, got, back)
		}
		if w, _ := c.IsWorkday(got); n != 0 && !w {
			t.Fatalf("AddWorkdays(%s, %d) = %s is not a working day", from, n, got)
		}
	}
}

func TestWorkdaysBetweenProperties(t *testing.T) {
	c := china(t)
	rng := rand.New(rand.NewPCG(3, 4))
	base := d("2024-10-01")
	b2i := func(b bool) int {
		if b {
			return 1
		}
		return 0
	}
	for range 5000 {
		a, b, m := base.AddDays(rng.IntN(900)), base.AddDays(rng.IntN(900)), base.AddDays(rng.IntN(900))
		ab, _ := c.WorkdaysBetween(a, b)
		ba, _ := c.WorkdaysBetween(b, a)
		wa, _ := c.IsWorkday(a)
		wb, _ := c.IsWorkday(b)
		sign := a.Compare(b) * -1 // +1 when a < b
		if ab+ba != sign*(b2i(wb)-b2i(wa)) {
			t.Fatalf("W(%s,%s)=%d, W(%s,%s)=%d: not antisymmetric up to the endpoints", a, b, ab, b, a, ba)
		}
		if wa == wb && ab != -ba {
			t.Fatalf("W(%s,%s)=%d but W(%s,%s)=%d with endpoints alike", a, b, ab, b, a, ba)
		}
		if (a.Before(b) && ab < 0) || (a.After(b) && ab > 0) {
			t.Fatalf("W(%s,%s)=%d has the wrong sign", a, b, ab)
		}
		if span := daysBetween(a, b); max(ab, -ab) > max(span, -span) {
			t.Fatalf("W(%s,%s)=%d exceeds the %d days between", a, b, ab, span)
		}
		lo, mid, hi := sort3(a, b, m)
		x, _ := c.WorkdaysBetween(lo, mid)
		y, _ := c.WorkdaysBetween(mid, hi)
		z, _ := c.WorkdaysBetween(lo, hi)
		if x+y != z {
			t.Fatalf("W(%s,%s)+W(%s,%s) = %d+%d != W(%s,%s) = %d", lo, mid, mid, hi, x, y, lo, hi, z)
		}
		if self, p := c.WorkdaysBetween(a, a); self != 0 || p {
			t.Fatalf("W(a,a) = %d, %v", self, p)
		}
	}
}

func daysBetween(a, b Date) int { return b.number() - a.number() }

func sort3(a, b, c Date) (Date, Date, Date) {
	if b.Before(a) {
		a, b = b, a
	}
	if c.Before(b) {
		b, c = c, b
	}
	if b.Before(a) {
		a, b = b, a
	}
	return a, b, c
}

func TestFarCountsSkipWholeYearsCorrectly(t *testing.T) {
	c, ref := china(t), reference()
	for _, tc := range []struct {
		from string
		n    int
	}{
		{"2020-02-29", 3000}, {"2025-01-01", 248}, {"2025-01-01", 249}, {"2024-12-31", 248}, {"2024-12-31", 496},
		{"2026-12-31", 1}, {"2030-06-15", -5000}, {"2026-12-31", -496}, {"2027-01-01", -497}, {"2000-01-01", 100_000},
	} {
		got, prov := c.AddWorkdays(d(tc.from), tc.n)
		want, wantProv := naiveAdd(ref, d(tc.from), tc.n)
		if got != want || prov != wantProv {
			t.Errorf("AddWorkdays(%s, %d) = %s, %v; reference %s, %v", tc.from, tc.n, got, prov, want, wantProv)
		}
		if back, _ := c.WorkdaysBetween(d(tc.from), got); back != tc.n {
			t.Errorf("WorkdaysBetween gives %d back, want %d", back, tc.n)
		}
	}
	capped, _ := c.AddWorkdays(d("2026-01-01"), MaxCount)
	got, prov := c.AddWorkdays(d("2026-01-01"), MaxCount+1)
	if got != capped || !prov {
		t.Errorf("a count over MaxCount must be clamped and provisional, got %s, %v", got, prov)
	}
	if _, prov := c.AddWorkdays(d("2026-01-01"), -MaxCount-1); !prov {
		t.Error("a negative count over MaxCount must be provisional")
	}
}

func TestRegionsWithoutACalendarCountWeekendsOnlyProvisionally(t *testing.T) {
	years, _ := Builtin()
	cs, err := NewCalendars(years...)
	if err != nil {
		t.Fatal(err)
	}
	sg := cs.For("sg")
	if sg.Region() != "SG" {
		t.Errorf("region %q", sg.Region())
	}
	if w, p := sg.IsWorkday(d("2026-10-01")); !w || !p {
		t.Errorf("Singapore works on 1 Oct 2026 as far as we know, provisionally: %v, %v", w, p)
	}
	if got, p := sg.AddWorkdays(d("2026-10-02"), 1); got.String() != "2026-10-05" || !p {
		t.Errorf("Singapore Friday + 1 = %s, %v", got, p)
	}
	if r := cs.Regions(); len(r) != 1 || r[0] != "CN" {
		t.Errorf("regions %v", r)
	}
	for code, want := range map[string]string{"310104": "CN", "310000": "CN", "": "CN", "810000": "HK", "820000": "MO",
		"710000": "TW", "sg": "SG", "HK": "HK", " cn ": "CN", "320500": "CN"} {
		if got := CalendarRegion(code); got != want {
			t.Errorf("CalendarRegion(%q) = %q, want %q", code, got, want)
		}
	}
}

func TestNewCalendarRefusesBadYears(t *testing.T) {
	y := Year{Region: "CN", Year: 2026, Days: []Day{{Date: d("2026-01-01"), Kind: Off}}}
	if _, err := NewCalendar("CN", y, y); err == nil {
		t.Error("a year twice must be refused")
	}
	if _, err := NewCalendar("SG", y); err == nil {
		t.Error("a year of another region must be refused")
	}
	bad := y
	bad.Days = []Day{{Date: d("2026-01-05"), Kind: On}}
	if _, err := NewCalendar("CN", bad); err == nil {
		t.Error("an invalid year must be refused")
	}
	if _, err := NewCalendars(bad); err == nil {
		t.Error("NewCalendars must refuse an invalid year")
	}
}

func TestDates(t *testing.T) {
	for _, s := range []string{"2026-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "26-01-01", "2026/01/01", "0000-01-01", "2026-01-32", "２０２６-01-01", "2026-01-0x", ""} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) accepted", s)
		}
	}
	for _, s := range []string{"2024-02-29", "0001-01-01", "9999-12-31", "2026-10-08"} {
		if v, err := ParseDate(s); err != nil || v.String() != s {
			t.Errorf("ParseDate(%q) = %v, %v", s, v, err)
		}
	}
	// Day arithmetic agrees with the time package over four centuries either side of the epoch.
	for z := -146097 * 2; z < 146097*2; z += 97 {
		want := time.Unix(int64(z)*86400, 0).UTC()
		got := dateOf(z)
		if got != DateOf(want) || got.number() != z || got.Weekday() != want.Weekday() || got.YearDay() != want.YearDay() {
			t.Fatalf("day %d: %s (%s), want %s", z, got, got.Weekday(), want)
		}
	}
	if NewDate(2026, 2, 30).String() != "2026-03-02" {
		t.Error("NewDate normalises")
	}
	if d("2026-10-08").AddDays(-8).String() != "2026-09-30" {
		t.Error("AddDays")
	}
	var x Date
	if err := x.UnmarshalText([]byte("2026-10-08")); err != nil || x != d("2026-10-08") {
		t.Error("UnmarshalText")
	}
	if err := x.UnmarshalText([]byte("nope")); err == nil {
		t.Error("UnmarshalText accepts junk")
	}
	if b, _ := d("2026-01-04").MarshalText(); string(b) != "2026-01-04" {
		t.Error("MarshalText")
	}
	if !(Date{}).IsZero() || d("2026-01-01").IsZero() {
		t.Error("IsZero")
	}
	if at := d("2026-10-08").At(9, 30, time.UTC); at.Format(time.RFC3339) != "2026-10-08T09:30:00Z" {
		t.Error("At")
	}
}

// BenchmarkAddWorkdays counts a year of working days at a time (the longest statutory horizon).
func BenchmarkAddWorkdays(b *testing.B) {
	c := china(b)
	from := d("2025-01-01")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c.AddWorkdays(from.AddDays(i%365), 248)
	}
}
