package casework

import (
	"slices"
	"time"

	"chuhai/internal/auth"
	"chuhai/internal/workday"
)

// nextState is the workflow: the state a request in state moves to by action, and whether the
// action is allowed there at all. Reopening returns to work in progress when someone was assigned,
// otherwise to triage.
func nextState(state, action string, hasAssignee bool) (string, bool) {
	switch action {
	case ActionTriage:
		return StateTriaged, state == StateSubmitted
	case ActionAssign:
		switch state {
		case StateSubmitted, StateTriaged, StateAssigned:
			return StateAssigned, true
		case StateInProgress:
			return StateInProgress, true
		}
	case ActionStart:
		return StateInProgress, state == StateAssigned
	case ActionResolve:
		return StateResolved, state == StateTriaged || state == StateAssigned || state == StateInProgress
	case ActionClose:
		return StateClosed, state == StateResolved
	case ActionReopen:
		if state != StateResolved && state != StateClosed {
			return "", false
		}
		if hasAssignee {
			return StateInProgress, true
		}
		return StateTriaged, true
	case ActionTransfer:
		return StateSubmitted, IsOpen(state)
	case ActionMerge, ActionWithdraw:
		return StateClosed, IsOpen(state)
	case ActionDismissDuplicate:
		return state, IsOpen(state)
	}
	return "", false
}

// NextState is the workflow: the state a request in state moves to by action, and whether the
// action is allowed there at all (whoever may take it).
func NextState(state, action string, hasAssignee bool) (string, bool) {
	return nextState(state, action, hasAssignee)
}

// AllowedActions lists the actions the workflow allows from state (whoever may take them).
func AllowedActions(state string, hasAssignee bool) []string {
	var out []string
	for _, a := range Actions {
		if _, ok := nextState(state, a, hasAssignee); ok {
			out = append(out, a)
		}
	}
	return out
}

// enterpriseActions are what an enterprise may do to its own request: confirm the resolution, reopen
// it, withdraw it. Everything else is the serving point's.
var enterpriseActions = []string{ActionClose, ActionReopen, ActionWithdraw}

// mayTake reports whether p may take action on r (the workflow decides separately whether the action
// is allowed in r's state). Staff of the serving point and coordinators run the workflow; the
// enterprise's own users may close, reopen and withdraw; nobody else may do anything.
func mayTake(p *auth.Principal, action string, r Request) bool {
	switch {
	case p == nil:
		return false
	case p.Staff():
		return action != ActionWithdraw && p.CanActForPoint(r.Point.ID)
	case r.enterpriseID != 0 && p.CanActForEnterprise(r.enterpriseID):
		return slices.Contains(enterpriseActions, action)
	}
	return false
}

// Rule kinds.
const (
	RuleAbroad       = "abroad"        // a matter located abroad: an overseas point covering one of its countries
	RuleCapability   = "capability"    // a topic that needs a capability: a point that has it
	RuleHomeDistrict = "home_district" // the district point of the enterprise's home district
	RuleIntake       = "intake"        // the point that took the request in
	RulePointKind    = "point_kind"    // a point of a given kind (e.g. the city platform)
	RuleFixed        = "fixed"         // one named point
)

// RuleKinds lists the rule kinds.
var RuleKinds = []string{RuleAbroad, RuleCapability, RuleHomeDistrict, RuleIntake, RulePointKind, RuleFixed}

// Rule is one routing rule. Rules are tried in Position order; the first whose conditions hold and
// which finds an active point takes the request. Among several points a rule finds, the one with the
// fewest open requests is chosen (then the lowest code), so equals share the load.
type Rule struct {
	ID            int64     `json:"id"`
	Position      int       `json:"position"`
	Kind          string    `json:"kind"`
	Topic         string    `json:"topic,omitempty"`      // only requests on this topic ("" any; required by capability rules)
	Channel       string    `json:"channel,omitempty"`    // only requests from this channel ("" any)
	PointKind     string    `json:"point_kind,omitempty"` // only points of this kind
	TargetPointID int64     `json:"-"`
	TargetPoint   string    `json:"target_point,omitempty"` // fixed rules: the point's code
	NameZh        string    `json:"name_zh"`
	NameEn        string    `json:"name_en"`
	Active        bool      `json:"active"`
	Version       int       `json:"version"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// RouteInput is what routing looks at.
type RouteInput struct {
	Topic         string
	Channel       string
	Countries     []string
	Abroad        bool
	HomeDistrict  string
	IntakePointID int64
}

// RouteDetail records how a rule chose: the candidates and their open loads at the time.
type RouteDetail struct {
	Candidates []Candidate `json:"candidates"`
	Country    string      `json:"country,omitempty"` // abroad rules: the country matched
}

// Candidate is one point a rule considered.
type Candidate struct {
	Code string `json:"code"`
	Open int    `json:"open"`
}

// Decision is the rule that fired and the point it chose.
type Decision struct {
	Rule   Rule
	Point  Point
	Detail RouteDetail
}

// route applies the rules in order. load returns the open requests of the given points; it is
// asked only when a rule finds more than one point.
func route(in RouteInput, rules []Rule, points []Point, load func(ids []int64) (map[int64]int, error)) (Decision, bool, error) {
	for _, r := range rules {
		if !r.Active || r.Topic != "" && r.Topic != in.Topic || r.Channel != "" && r.Channel != in.Channel {
			continue
		}
		var cands []Point
		var country string
		kindOK := func(p Point, dflt string) bool {
			want := r.PointKind
			if want == "" {
				want = dflt
			}
			return want == "" || p.Kind == want
		}
		for _, p := range points {
			if !p.Active {
				continue
			}
			switch r.Kind {
			case RuleAbroad:
				if !in.Abroad || !kindOK(p, KindOverseasPoint) {
					continue
				}
				// Points covering the earliest of the request's countries win: countries are in
				// the order the enterprise gave them, the first being the main one.
				i := slices.IndexFunc(in.Countries, func(c string) bool { return slices.Contains(p.Countries, c) })
				switch {
				case i < 0:
				case country == "" || i < slices.Index(in.Countries, country):
					country, cands = in.Countries[i], []Point{p}
				case in.Countries[i] == country:
					cands = append(cands, p)
				}
			case RuleCapability:
				if r.Topic != "" && slices.Contains(p.Capabilities, in.Topic) && kindOK(p, "") {
					cands = append(cands, p)
				}
			case RuleHomeDistrict:
				// Pudong has no district point: its sub-platform serves the district.
				if in.HomeDistrict != "" && p.RegionCode == in.HomeDistrict && (kindOK(p, KindDistrictPoint) || r.PointKind == "" && p.Kind == KindSubPlatform) {
					cands = append(cands, p)
				}
			case RuleIntake:
				if in.IntakePointID != 0 && p.ID == in.IntakePointID {
					cands = append(cands, p)
				}
			case RulePointKind:
				if r.PointKind != "" && p.Kind == r.PointKind {
					cands = append(cands, p)
				}
			case RuleFixed:
				if p.ID == r.TargetPointID {
					cands = append(cands, p)
				}
			}
		}
		if r.Kind == RuleHomeDistrict && slices.ContainsFunc(cands, func(p Point) bool { return p.Kind == KindDistrictPoint }) {
			cands = slices.DeleteFunc(cands, func(p Point) bool { return p.Kind == KindSubPlatform })
		}
		if len(cands) == 0 {
			continue
		}
		d := Decision{Rule: r, Detail: RouteDetail{Country: country}}
		loads := map[int64]int{}
		if len(cands) > 1 {
			ids := make([]int64, len(cands))
			for i, p := range cands {
				ids[i] = p.ID
			}
			var err error
			if loads, err = load(ids); err != nil {
				return Decision{}, false, err
			}
		}
		slices.SortFunc(cands, func(a, b Point) int {
			if la, lb := loads[a.ID], loads[b.ID]; la != lb {
				return la - lb
			}
			if a.Code < b.Code {
				return -1
			}
			return 1
		})
		d.Point = cands[0]
		for _, p := range cands {
			d.Detail.Candidates = append(d.Detail.Candidates, Candidate{Code: p.Code, Open: loads[p.ID]})
		}
		return d, true, nil
	}
	return Decision{}, false, nil
}

// Units of SLA amounts.
const (
	UnitHours = "hours"
	UnitDays  = "days"
)

// Clock is one SLA clock's moments: the warning at 75% of the working time allowed, the deadline,
// and the second escalation (to the city coordinator) when half as much time again has passed.
type Clock struct {
	WarnAt, DueAt, EscalateAt time.Time
	Provisional               bool
}

// planClock counts a clock from start on a point's schedule in its zone. Hours are working hours;
// days are working days counted the statutory way (the day of start not counted), the deadline
// being the close of business of the last one.
func planClock(s workday.Schedule, loc *time.Location, start time.Time, amount int, unit string) Clock {
	var c Clock
	var p1, p2, p3, p4 bool
	if unit == UnitDays {
		last, prov := s.Calendar.AddWorkdays(workday.DateOf(start.In(loc)), amount)
		c.DueAt, p1 = last.At(0, int(s.Hours.End), loc), prov
	} else {
		c.DueAt, p1 = s.AddWorkingHours(start, time.Duration(amount)*time.Hour, loc)
	}
	span, p2 := s.WorkingTimeBetween(start, c.DueAt, loc)
	if span <= 0 {
		c.WarnAt, c.EscalateAt = c.DueAt, c.DueAt
	} else {
		c.WarnAt, p3 = s.AddWorkingHours(start, span*3/4, loc)
		c.EscalateAt, p4 = s.AddWorkingHours(c.DueAt, span/2, loc)
	}
	c.WarnAt, c.DueAt, c.EscalateAt = c.WarnAt.UTC(), c.DueAt.UTC(), c.EscalateAt.UTC()
	c.Provisional = p1 || p2 || p3 || p4
	return c
}

// slaStatus is the colour of a request's SLA at now.
func slaStatus(r Request, now time.Time) string {
	switch {
	case r.slaDueAt != nil && !now.Before(*r.slaDueAt):
		return SLABreached
	case r.slaWarnAt != nil && !now.Before(*r.slaWarnAt):
		return SLAWarning
	case r.slaDueAt != nil:
		return SLAOnTrack
	case r.SLA.ResolvedAt == nil:
		return SLANone
	case r.SLA.ResolvedAt.After(r.SLA.ResolutionDueAt):
		return SLAMissed
	}
	return SLAMet
}
