package workday

import (
	"math/rand/v2"
	"testing"
	"time"

	"chuhai/internal/apperr"
)

func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParseHours(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		daily    time.Duration
	}{
		{"09:00-17:00", "09:00-17:00", 8 * time.Hour},
		{"9:00–17:30", "09:00-17:30", 8*time.Hour + 30*time.Minute},
		{"09:00-12:00,13:30-17:00", "09:00-12:00,13:30-17:00", 6*time.Hour + 30*time.Minute},
		{" 08:30 ~ 12:00 ， 13:00 ~ 17:30 ", "08:30-12:00,13:00-17:30", 8 * time.Hour},
		{"00:00-24:00", "00:00-24:00", 24 * time.Hour},
	} {
		h, err := ParseHours("hours", tc.in)
		if err != nil || h.String() != tc.want || h.Daily() != tc.daily {
			t.Errorf("ParseHours(%q) = %s (%s), %v; want %s (%s)", tc.in, h, h.Daily(), err, tc.want, tc.daily)
		}
	}
	for _, tc := range []struct{ in, key string }{
		{"", "error.required"},
		{"9-17", "workday.hours_bad"},
		{"09:00", "workday.hours_bad"},
		{"25:00-26:00", "workday.hours_bad"},
		{"09:60-17:00", "workday.hours_bad"},
		{"24:30-24:45", "workday.hours_bad"},
		{"09:00-12:00,13:00-17:00,18:00-19:00", "workday.hours_bad"},
		{"17:00-09:00", "workday.hours_order"},
		{"09:00-09:00", "workday.hours_order"},
		{"09:00-13:00,12:00-17:00", "workday.hours_order"},
		{"09:00-12:00,12:00-17:00", "workday.hours_order"},
	} {
		_, err := ParseHours("hours", tc.in)
		if e, ok := apperr.As(err); !ok || len(e.Fields) != 1 || e.Fields[0].Key != tc.key || e.Fields[0].Name != "hours" {
			t.Errorf("ParseHours(%q): %v, want %s", tc.in, err, tc.key)
		}
	}
}

func TestWorkingHoursCountInThePointsOwnZone(t *testing.T) {
	years, _ := Builtin()
	cs, _ := NewCalendars(years...)
	sh, sg := zone(t, "Asia/Shanghai"), zone(t, "Asia/Singapore")
	lunch := Hours{Start: 9 * 60, LunchStart: 12 * 60, LunchEnd: 13*60 + 30, End: 17 * 60}
	shanghai := Schedule{Calendar: cs.China(), Hours: DefaultHours}
	for _, tc := range []struct {
		name  string
		s     Schedule
		start time.Time
		d     time.Duration
		loc   *time.Location
		want  time.Time
		prov  bool
	}{
		{"within the day", shanghai, time.Date(2026, 3, 2, 10, 0, 0, 0, sh), 2 * time.Hour, sh, time.Date(2026, 3, 2, 12, 0, 0, 0, sh), false},
		{"ending at closing time stays there", shanghai, time.Date(2026, 3, 2, 15, 0, 0, 0, sh), 2 * time.Hour, sh, time.Date(2026, 3, 2, 17, 0, 0, 0, sh), false},
		{"overnight", shanghai, time.Date(2026, 3, 2, 16, 0, 0, 0, sh), 2 * time.Hour, sh, time.Date(2026, 3, 3, 10, 0, 0, 0, sh), false},
		{"before opening starts at opening", shanghai, time.Date(2026, 3, 2, 6, 0, 0, 0, sh), time.Hour, sh, time.Date(2026, 3, 2, 10, 0, 0, 0, sh), false},
		{"national day is skipped", shanghai, time.Date(2026, 9, 30, 16, 0, 0, 0, sh), 2 * time.Hour, sh, time.Date(2026, 10, 8, 10, 0, 0, 0, sh), false},
		{"make-up Saturday counts", shanghai, time.Date(2026, 10, 9, 16, 0, 0, 0, sh), 2 * time.Hour, sh, time.Date(2026, 10, 10, 10, 0, 0, 0, sh), false},
		{"a request at night UTC is the next Shanghai morning", shanghai, time.Date(2026, 3, 2, 23, 0, 0, 0, time.UTC), time.Hour, sh, time.Date(2026, 3, 3, 10, 0, 0, 0, sh), false},
		{"lunch break is not counted", Schedule{Calendar: cs.China(), Hours: lunch}, time.Date(2026, 3, 2, 11, 0, 0, 0, sh), 2 * time.Hour, sh, time.Date(2026, 3, 2, 14, 30, 0, 0, sh), false},
		{"a request during lunch waits", Schedule{Calendar: cs.China(), Hours: lunch}, time.Date(2026, 3, 2, 12, 15, 0, 0, sh), 30 * time.Minute, sh, time.Date(2026, 3, 2, 14, 0, 0, 0, sh), false},
		{"Singapore point: own zone, no Chinese holidays, provisional", Schedule{Calendar: cs.For("SG"), Hours: DefaultHours}, time.Date(2026, 10, 2, 16, 0, 0, 0, sg), 2 * time.Hour, sg, time.Date(2026, 10, 5, 10, 0, 0, 0, sg), true},
		{"into an unpublished year", shanghai, time.Date(2026, 12, 31, 16, 0, 0, 0, sh), 2 * time.Hour, sh, time.Date(2027, 1, 1, 10, 0, 0, 0, sh), true},
		{"zero is the start", shanghai, time.Date(2026, 10, 1, 3, 0, 0, 0, sh), 0, sh, time.Date(2026, 10, 1, 3, 0, 0, 0, sh), false},
		{"backwards over national day", shanghai, time.Date(2026, 10, 8, 10, 0, 0, 0, sh), -2 * time.Hour, sh, time.Date(2026, 9, 30, 16, 0, 0, 0, sh), false},
		{"backwards ending at opening stays there", shanghai, time.Date(2026, 3, 3, 10, 0, 0, 0, sh), -time.Hour, sh, time.Date(2026, 3, 3, 9, 0, 0, 0, sh), false},
		{"invalid hours fall back to the default, provisionally", Schedule{Calendar: cs.China()}, time.Date(2026, 3, 2, 16, 0, 0, 0, sh), 2 * time.Hour, sh, time.Date(2026, 3, 3, 10, 0, 0, 0, sh), true},
		{"no calendar is weekends-only", Schedule{Hours: DefaultHours}, time.Date(2026, 10, 1, 16, 0, 0, 0, sh), 2 * time.Hour, sh, time.Date(2026, 10, 2, 10, 0, 0, 0, sh), true},
		{"nil zone keeps t's zone", shanghai, time.Date(2026, 3, 2, 16, 0, 0, 0, sh), 2 * time.Hour, nil, time.Date(2026, 3, 3, 10, 0, 0, 0, sh), false},
		{"five days of work across national day", shanghai, time.Date(2026, 9, 28, 9, 0, 0, 0, sh), 40 * time.Hour, sh, time.Date(2026, 10, 9, 17, 0, 0, 0, sh), false},
		{"the sixth day is the make-up Saturday", shanghai, time.Date(2026, 9, 28, 9, 0, 0, 0, sh), 48 * time.Hour, sh, time.Date(2026, 10, 10, 17, 0, 0, 0, sh), false},
	} {
		got, prov := tc.s.AddWorkingHours(tc.start, tc.d, tc.loc)
		if !got.Equal(tc.want) || prov != tc.prov {
			t.Errorf("%s: got %s, %v; want %s, %v", tc.name, got, prov, tc.want, tc.prov)
		}
		if tc.loc != nil && got.Location() != tc.loc {
			t.Errorf("%s: result in %s, want the point's zone %s", tc.name, got.Location(), tc.loc)
		}
		if back, _ := tc.s.WorkingTimeBetween(tc.start, got, tc.loc); tc.s.Hours.valid() && back != tc.d && tc.d >= 0 {
			t.Errorf("%s: WorkingTimeBetween gives %s back, want %s", tc.name, back, tc.d)
		}
	}
}

func TestWorkingTimeBetweenInvertsAddWorkingHours(t *testing.T) {
	years, _ := Builtin()
	cs, _ := NewCalendars(years...)
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tc := range []struct {
		zone  string
		hours Hours
		cal   *Calendar
	}{
		{"Asia/Shanghai", Hours{Start: 9 * 60, LunchStart: 12 * 60, LunchEnd: 13*60 + 30, End: 17 * 60}, cs.China()},
		{"Asia/Singapore", DefaultHours, cs.For("SG")},
		{"Europe/Berlin", Hours{Start: 8 * 60, End: 16 * 60}, cs.For("DE")}, // crosses daylight saving changes
	} {
		loc := zone(t, tc.zone)
		s := Schedule{Calendar: tc.cal, Hours: tc.hours}
		base := time.Date(2025, 1, 1, 0, 0, 0, 0, loc)
		for range 1500 {
			start := base.Add(time.Duration(rng.IntN(800*24*60)) * time.Minute)
			dur := time.Duration(rng.IntN(300*60)-100*60) * time.Minute
			end, _ := s.AddWorkingHours(start, dur, loc)
			back, _ := s.WorkingTimeBetween(start, end, loc)
			if back != dur {
				t.Fatalf("%s: AddWorkingHours(%s, %s) = %s but WorkingTimeBetween gives %s", tc.zone, start, dur, end, back)
			}
			if (dur > 0 && end.Before(start)) || (dur < 0 && end.After(start)) {
				t.Fatalf("%s: %s + %s = %s goes the wrong way", tc.zone, start, dur, end)
			}
		}
	}
}

func TestSchedulesOfServicePoints(t *testing.T) {
	years, _ := Builtin()
	cs, _ := NewCalendars(years...)
	xuhui, err := cs.Schedule("310104", "09:00-12:00,13:00-17:00")
	if err != nil || xuhui.Calendar.Region() != China || xuhui.Hours.Daily() != 7*time.Hour {
		t.Fatalf("Xuhui point: %+v, %v", xuhui, err)
	}
	singapore, err := cs.Schedule("SG", "")
	if err != nil || singapore.Calendar.Region() != "SG" || singapore.Hours != DefaultHours {
		t.Fatalf("Singapore point: %+v, %v", singapore, err)
	}
	if _, err := cs.Schedule("310104", "all day"); err == nil {
		t.Error("unreadable opening hours must be refused")
	} else if e, _ := apperr.As(err); e.Fields[0].Name != "opening_hours" {
		t.Errorf("field %q", e.Fields[0].Name)
	}
}
