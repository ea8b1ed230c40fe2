package odi

import (
	"chuhai/internal/workday"
)

// Phases of a step's clock.
const (
	PhaseNotRequired = "not_required"        // the step asks nothing of the enterprise
	PhaseNotStarted  = "not_started"         // not submitted yet
	PhaseAcceptance  = "awaiting_acceptance" // submitted, not yet accepted
	PhaseRunning     = "running"             // accepted, the statutory clock runs
	PhasePaused      = "paused"              // more documents requested: the clock stands still
	PhaseDecided     = "decided"
)

// NearShareBP is how close to its limit a clock counts as near: the last 20% of the working days,
// and at least the last day.
const NearShareBP = 2000

// nearDays is the number of days left at which a clock with limit days is near its end.
func nearDays(limit int) int {
	return max(1, (limit*NearShareBP+9999)/10000)
}

// Span is a pause: from the day more documents were requested to the day they arrived (zero while
// still waiting).
type Span struct {
	From, To workday.Date
}

// StepTimes is what a step's clock depends on.
type StepTimes struct {
	Action           Action
	LimitWorkdays    int // statutory limit (0: the step has none)
	ExtendedWorkdays int // extension granted
	AcceptWorkdays   int // time to accept or ask for more documents (0: none stated)
	Submitted        workday.Date
	Accepted         workday.Date
	Decided          workday.Date
	Pauses           []Span // in order, not overlapping; only the last may be open
}

// Clock is where a step stands against its statutory limit, in working days. Working days are
// counted the statutory way: the day of acceptance is not counted, each following working day is,
// and the working days between a request for more documents and their arrival are not.
type Clock struct {
	Phase    string `json:"phase"`
	HasLimit bool   `json:"has_limit"`
	// LimitWorkdays is the statutory limit plus any extension granted.
	LimitWorkdays  int `json:"limit_workdays"`
	UsedWorkdays   int `json:"used_workdays"`
	LeftWorkdays   int `json:"left_workdays"` // negative once past the limit
	PausedWorkdays int `json:"paused_workdays"`
	// DueOn is the last day of the limit, given the pauses so far (running or paused steps).
	DueOn string `json:"due_on,omitempty"`
	// AcceptanceDueOn is when the authority must accept or ask for more documents (awaiting acceptance).
	AcceptanceDueOn   string `json:"acceptance_due_on,omitempty"`
	AcceptanceOverdue bool   `json:"acceptance_overdue,omitempty"`
	Near              bool   `json:"near"`
	Overdue           bool   `json:"overdue"`
	// Provisional is set when a count touched a year whose holiday calendar is not published yet.
	Provisional bool `json:"provisional"`
}

// ComputeClock works out a step's clock on today. It is pure: the calendar and the day are given.
// A step decided without a recorded acceptance, and a step with no statutory limit (the bank's
// registration, a report), counts from its submission.
func ComputeClock(cal *workday.Calendar, t StepTimes, today workday.Date) Clock {
	c := Clock{HasLimit: t.LimitWorkdays > 0, LimitWorkdays: t.LimitWorkdays + t.ExtendedWorkdays}
	prov := false
	between := func(a, b workday.Date) int {
		n, p := cal.WorkdaysBetween(a, b)
		prov = prov || p
		return n
	}
	switch {
	case t.Action == NoAction:
		c.Phase = PhaseNotRequired
		return c
	case t.Submitted.IsZero():
		c.Phase = PhaseNotStarted
		c.LeftWorkdays = c.LimitWorkdays
		return c
	}
	start := t.Accepted
	if start.IsZero() && t.Decided.IsZero() && t.LimitWorkdays > 0 {
		c.Phase = PhaseAcceptance
		c.LeftWorkdays = c.LimitWorkdays
		if t.AcceptWorkdays > 0 {
			due, p := cal.AddWorkdays(t.Submitted, t.AcceptWorkdays)
			prov = prov || p
			c.AcceptanceDueOn = due.String()
			c.AcceptanceOverdue = today.After(due)
		}
		c.Provisional = prov
		return c
	}
	if start.IsZero() {
		start = t.Submitted
	}
	end := today
	if !t.Decided.IsZero() {
		end = t.Decided
	}
	if end.Before(start) {
		end = start
	}
	open := false
	for _, sp := range t.Pauses {
		from, to := sp.From, sp.To
		if to.IsZero() {
			to, open = end, t.Decided.IsZero()
		}
		if from.Before(start) {
			from = start
		}
		if to.After(end) {
			to = end
		}
		if to.After(from) {
			c.PausedWorkdays += between(from, to)
		}
	}
	c.UsedWorkdays = between(start, end) - c.PausedWorkdays
	if c.HasLimit {
		c.LeftWorkdays = c.LimitWorkdays - c.UsedWorkdays
	}
	switch {
	case !t.Decided.IsZero():
		c.Phase = PhaseDecided
	case open:
		c.Phase = PhasePaused
	default:
		c.Phase = PhaseRunning
	}
	if c.HasLimit {
		c.Overdue = c.UsedWorkdays > c.LimitWorkdays
		if c.Phase != PhaseDecided {
			due, p := cal.AddWorkdays(start, c.LimitWorkdays+c.PausedWorkdays)
			prov = prov || p
			c.DueOn = due.String()
			c.Near = !c.Overdue && c.LeftWorkdays <= nearDays(c.LimitWorkdays)
		}
	}
	c.Provisional = prov
	return c
}
