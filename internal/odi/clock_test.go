package odi

import (
	"testing"

	"chuhai/internal/workday"
)

func calendar(t testing.TB) *workday.Calendar {
	t.Helper()
	years, err := workday.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	cs, err := workday.NewCalendars(years...)
	if err != nil {
		t.Fatal(err)
	}
	return cs.China()
}

func day(s string) workday.Date {
	if s == "" {
		return workday.Date{}
	}
	d, err := workday.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestClockCountsStatutoryWorkingDays(t *testing.T) {
	cal := calendar(t)
	filing := func(edit func(*StepTimes)) StepTimes {
		st := StepTimes{Action: Filing, LimitWorkdays: 7, Submitted: day("2026-03-02"), Accepted: day("2026-03-02")}
		if edit != nil {
			edit(&st)
		}
		return st
	}
	for _, tc := range []struct {
		name  string
		times StepTimes
		today string
		want  Clock
	}{
		{"a step that asks nothing has no clock", StepTimes{Action: NoAction}, "2026-03-10", Clock{Phase: PhaseNotRequired}},
		{"not submitted: the whole limit is left", filing(func(s *StepTimes) { s.Submitted, s.Accepted = workday.Date{}, workday.Date{} }), "2026-03-10",
			Clock{Phase: PhaseNotStarted, HasLimit: true, LimitWorkdays: 7, LeftWorkdays: 7}},
		{"awaiting acceptance within five working days", StepTimes{Action: Approval, LimitWorkdays: 20, AcceptWorkdays: 5, Submitted: day("2026-03-02")}, "2026-03-09",
			Clock{Phase: PhaseAcceptance, HasLimit: true, LimitWorkdays: 20, LeftWorkdays: 20, AcceptanceDueOn: "2026-03-09"}},
		{"acceptance overdue the day after", StepTimes{Action: Approval, LimitWorkdays: 20, AcceptWorkdays: 5, Submitted: day("2026-03-02")}, "2026-03-10",
			Clock{Phase: PhaseAcceptance, HasLimit: true, LimitWorkdays: 20, LeftWorkdays: 20, AcceptanceDueOn: "2026-03-09", AcceptanceOverdue: true}},
		{"the day of acceptance is not counted", filing(nil), "2026-03-02",
			Clock{Phase: PhaseRunning, HasLimit: true, LimitWorkdays: 7, LeftWorkdays: 7, DueOn: "2026-03-11"}},
		{"running, weekend skipped", filing(nil), "2026-03-08",
			Clock{Phase: PhaseRunning, HasLimit: true, LimitWorkdays: 7, UsedWorkdays: 4, LeftWorkdays: 3, DueOn: "2026-03-11"}},
		{"two left is near for seven", filing(nil), "2026-03-09",
			Clock{Phase: PhaseRunning, HasLimit: true, LimitWorkdays: 7, UsedWorkdays: 5, LeftWorkdays: 2, DueOn: "2026-03-11", Near: true}},
		{"four left is not near for seven", filing(nil), "2026-03-05",
			Clock{Phase: PhaseRunning, HasLimit: true, LimitWorkdays: 7, UsedWorkdays: 3, LeftWorkdays: 4, DueOn: "2026-03-11"}},
		{"the last day is still in time", filing(nil), "2026-03-11",
			Clock{Phase: PhaseRunning, HasLimit: true, LimitWorkdays: 7, UsedWorkdays: 7, LeftWorkdays: 0, DueOn: "2026-03-11", Near: true}},
		{"past the limit", filing(nil), "2026-03-12",
			Clock{Phase: PhaseRunning, HasLimit: true, LimitWorkdays: 7, UsedWorkdays: 8, LeftWorkdays: -1, DueOn: "2026-03-11", Overdue: true}},
		{"a request for documents stops the clock", filing(func(s *StepTimes) {
			s.Pauses = []Span{{day("2026-03-04"), day("2026-03-09")}}
		}), "2026-03-11", Clock{Phase: PhaseRunning, HasLimit: true, LimitWorkdays: 7, UsedWorkdays: 4, LeftWorkdays: 3, PausedWorkdays: 3, DueOn: "2026-03-16"}},
		{"still waiting for documents", filing(func(s *StepTimes) { s.Pauses = []Span{{From: day("2026-03-04")}} }), "2026-03-11",
			Clock{Phase: PhasePaused, HasLimit: true, LimitWorkdays: 7, UsedWorkdays: 2, LeftWorkdays: 5, PausedWorkdays: 5, DueOn: "2026-03-18"}},
		{"a request before acceptance counts only from acceptance", filing(func(s *StepTimes) {
			s.Submitted, s.Accepted = day("2026-02-25"), day("2026-03-02")
			s.Pauses = []Span{{day("2026-02-26"), day("2026-03-03")}}
		}), "2026-03-04", Clock{Phase: PhaseRunning, HasLimit: true, LimitWorkdays: 7, UsedWorkdays: 1, LeftWorkdays: 6, PausedWorkdays: 1, DueOn: "2026-03-12"}},
		{"decided late", filing(func(s *StepTimes) { s.Decided = day("2026-03-13") }), "2026-04-30",
			Clock{Phase: PhaseDecided, HasLimit: true, LimitWorkdays: 7, UsedWorkdays: 9, LeftWorkdays: -2, Overdue: true}},
		{"decided in time", filing(func(s *StepTimes) { s.Decided = day("2026-03-10") }), "2026-04-30",
			Clock{Phase: PhaseDecided, HasLimit: true, LimitWorkdays: 7, UsedWorkdays: 6, LeftWorkdays: 1}},
		{"decided without a recorded acceptance counts from submission", filing(func(s *StepTimes) {
			s.Accepted, s.Decided = workday.Date{}, day("2026-03-05")
		}), "2026-04-30", Clock{Phase: PhaseDecided, HasLimit: true, LimitWorkdays: 7, UsedWorkdays: 3, LeftWorkdays: 4}},
		{"national day is off", StepTimes{Action: Filing, LimitWorkdays: 3, Submitted: day("2026-09-30"), Accepted: day("2026-09-30")}, "2026-10-08",
			Clock{Phase: PhaseRunning, HasLimit: true, LimitWorkdays: 3, UsedWorkdays: 1, LeftWorkdays: 2, DueOn: "2026-10-10"}},
		{"make-up Saturday counts", StepTimes{Action: Filing, LimitWorkdays: 3, Submitted: day("2026-10-09"), Accepted: day("2026-10-09")}, "2026-10-10",
			Clock{Phase: PhaseRunning, HasLimit: true, LimitWorkdays: 3, UsedWorkdays: 1, LeftWorkdays: 2, DueOn: "2026-10-13"}},
		{"an extension lengthens the limit", StepTimes{Action: Approval, LimitWorkdays: 20, ExtendedWorkdays: 10, Submitted: day("2026-03-02"), Accepted: day("2026-03-02")}, "2026-04-01",
			Clock{Phase: PhaseRunning, HasLimit: true, LimitWorkdays: 30, UsedWorkdays: 22, LeftWorkdays: 8, DueOn: "2026-04-14"}},
		{"no statutory limit: days are counted, nothing is due", StepTimes{Action: Filing, Submitted: day("2026-03-02")}, "2026-03-04",
			Clock{Phase: PhaseRunning, UsedWorkdays: 2}},
		{"an unpublished year is provisional", filing(func(s *StepTimes) { s.Submitted, s.Accepted = day("2026-12-28"), day("2026-12-28") }), "2027-01-04",
			Clock{Phase: PhaseRunning, HasLimit: true, LimitWorkdays: 7, UsedWorkdays: 5, LeftWorkdays: 2, DueOn: "2027-01-06", Near: true, Provisional: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ComputeClock(cal, tc.times, day(tc.today)); got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestNearIsTheLastFifthOfTheLimit(t *testing.T) {
	for limit, want := range map[int]int{1: 1, 3: 1, 5: 1, 7: 2, 20: 4, 30: 6} {
		if got := nearDays(limit); got != want {
			t.Errorf("nearDays(%d) = %d, want %d", limit, got, want)
		}
	}
}
