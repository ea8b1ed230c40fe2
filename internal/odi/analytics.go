package odi

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/network"
)

// Counters are the figures the source article gives for a point ("served 18 enterprises, 2 of which
// obtained approval"), and a few more.
type Counters struct {
	EnterprisesServed int `json:"enterprises_served"` // distinct enterprises with a project
	Projects          int `json:"projects"`
	Filed             int `json:"filed"`    // projects with an NDRC or MOFCOM filing granted
	Approved          int `json:"approved"` // projects with an NDRC or MOFCOM approval granted
	Completed         int `json:"completed"`
	Withdrawn         int `json:"withdrawn"`
	OverdueSteps      int `json:"overdue_steps"` // steps past their limit and still undecided
}

// CycleRow is the cycle time of one kind of step — authority, action and statutory limit — against
// that limit: working days from acceptance to decision, requests for documents not counted.
type CycleRow struct {
	Regime        Regime  `json:"regime"`
	Action        Action  `json:"action"`
	LimitWorkdays int     `json:"limit_workdays"` // 0: no statutory limit
	Decided       int     `json:"decided"`
	AvgWorkdays   float64 `json:"avg_workdays"` // one decimal
	MaxWorkdays   int     `json:"max_workdays"`
	OverLimit     int     `json:"over_limit"` // decided after the limit
	InProgress    int     `json:"in_progress"`
	Overdue       int     `json:"overdue"` // in progress and past the limit
	sum           int
}

// GroupStats are the figures of one service point or one home district.
type GroupStats struct {
	Code     string     `json:"code"`
	NameZh   string     `json:"name_zh"`
	NameEn   string     `json:"name_en"`
	Counters Counters   `json:"counters"`
	Steps    []CycleRow `json:"steps"`
}

// Analytics shows where time goes: cycle times per kind of step against the statutory limits, for
// the city, per serving point and per home district of the enterprises.
type Analytics struct {
	From        string       `json:"from,omitempty"`
	To          string       `json:"to,omitempty"`
	Counters    Counters     `json:"counters"`
	Steps       []CycleRow   `json:"steps"`
	ByPoint     []GroupStats `json:"by_point"`
	ByDistrict  []GroupStats `json:"by_district"`
	Provisional bool         `json:"provisional"`
}

// AnalyticsFilter takes the projects opened from From to To (YYYY-MM-DD, both optional, inclusive,
// in Beijing time).
type AnalyticsFilter struct {
	From, To string
}

// analyticsRow is one project as the aggregation sees it.
type analyticsRow struct {
	point      int64
	enterprise int64
	district   string
	withdrawn  bool
	completed  bool
	steps      []TrackedStep
}

// aggregate computes counters and cycle rows of projects. It is pure.
func aggregate(rows []analyticsRow) (Counters, []CycleRow) {
	var c Counters
	enterprises := map[int64]bool{}
	cycles := map[string]*CycleRow{}
	for _, r := range rows {
		c.Projects++
		enterprises[r.enterprise] = true
		if r.withdrawn {
			c.Withdrawn++
		} else if r.completed {
			c.Completed++
		}
		filed, approved := false, false
		for _, st := range r.steps {
			if st.Action == NoAction || st.SubmittedOn == "" {
				continue
			}
			if st.Decision == Granted && st.Regime != RegimeSAFE {
				filed = filed || st.Action == Filing
				approved = approved || st.Action == Approval
			}
			key := fmt.Sprintf("%s/%s/%d", st.Regime, st.Action, st.TimeLimitWorkdays)
			row := cycles[key]
			if row == nil {
				row = &CycleRow{Regime: st.Regime, Action: st.Action, LimitWorkdays: st.TimeLimitWorkdays}
				cycles[key] = row
			}
			cl := st.Clock
			switch {
			case cl.Phase == PhaseDecided:
				row.Decided++
				row.sum += cl.UsedWorkdays
				row.MaxWorkdays = max(row.MaxWorkdays, cl.UsedWorkdays)
				if cl.Overdue {
					row.OverLimit++
				}
			case !r.withdrawn:
				row.InProgress++
				if cl.Overdue {
					row.Overdue++
					c.OverdueSteps++
				}
			}
		}
		if filed {
			c.Filed++
		}
		if approved {
			c.Approved++
		}
	}
	c.EnterprisesServed = len(enterprises)
	out := make([]CycleRow, 0, len(cycles))
	for _, row := range cycles {
		if row.Decided > 0 {
			row.AvgWorkdays = math.Round(float64(row.sum)*10/float64(row.Decided)) / 10
		}
		out = append(out, *row)
	}
	slices.SortFunc(out, func(a, b CycleRow) int {
		return cmp.Or(cmp.Compare(slices.Index(regimeOrder, a.Regime), slices.Index(regimeOrder, b.Regime)),
			strings.Compare(string(a.Action), string(b.Action)), cmp.Compare(a.LimitWorkdays, b.LimitWorkdays))
	})
	return c, out
}

// Analytics computes the figures for coordinators.
func (s *Store) Analytics(ctx context.Context, f AnalyticsFilter) (Analytics, error) {
	if p := auth.From(ctx); p != nil && !p.CityWide() {
		return Analytics{}, apperr.ErrForbidden
	}
	f.From, f.To = strings.TrimSpace(f.From), strings.TrimSpace(f.To)
	today := s.today()
	var v apperr.Validator
	from := parseDateField(&v, "from", f.From, today.AddDays(366*100))
	to := parseDateField(&v, "to", f.To, today.AddDays(366*100))
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		v.Add("to", "odi.date_order", dateLabel("After", "from")...)
	}
	if err := v.Err(); err != nil {
		return Analytics{}, err
	}
	var where []string
	var args []any
	if !from.IsZero() {
		args = append(args, from.At(0, 0, shanghai).UTC())
		where = append(where, fmt.Sprintf("created_at >= $%d", len(args)))
	}
	if !to.IsZero() {
		args = append(args, to.AddDays(1).At(0, 0, shanghai).UTC())
		where = append(where, fmt.Sprintf("created_at < $%d", len(args)))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.db.Query(ctx, `SELECT `+projectColumns+` FROM odi_project p`+cond+` ORDER BY p.id`, args...)
	if err != nil {
		return Analytics{}, fmt.Errorf("odi analytics: %w", err)
	}
	var ps []*Tracked
	for rows.Next() {
		t, err := scanProject(rows)
		if err != nil {
			rows.Close()
			return Analytics{}, err
		}
		ps = append(ps, t)
	}
	if err := rows.Close(); err != nil {
		return Analytics{}, err
	}
	for chunk := range slices.Chunk(ps, 500) {
		if err := loadSteps(ctx, s.db, chunk, false); err != nil {
			return Analytics{}, err
		}
	}
	cal, err := s.workday.Calendar(ctx)
	if err != nil {
		return Analytics{}, err
	}
	out := Analytics{From: f.From, To: f.To}
	all := make([]analyticsRow, 0, len(ps))
	byPoint := map[int64][]analyticsRow{}
	byDistrict := map[string][]analyticsRow{}
	for _, t := range ps {
		for i := range t.Steps {
			t.Steps[i].Clock = ComputeClock(cal, t.Steps[i].times(), today)
			out.Provisional = out.Provisional || t.Steps[i].Clock.Provisional
		}
		r := analyticsRow{point: t.PointID, enterprise: t.Enterprise.ID, district: t.Enterprise.HomeDistrict,
			withdrawn: t.WithdrawnOn != "", completed: t.CompletedOn != "", steps: t.Steps}
		all = append(all, r)
		byPoint[r.point] = append(byPoint[r.point], r)
		byDistrict[r.district] = append(byDistrict[r.district], r)
	}
	out.Counters, out.Steps = aggregate(all)
	for id, rs := range byPoint {
		pt, err := s.network.PointByID(ctx, id)
		if err != nil {
			return Analytics{}, err
		}
		g := GroupStats{Code: pt.Code, NameZh: pt.NameZh, NameEn: pt.NameEn}
		g.Counters, g.Steps = aggregate(rs)
		out.ByPoint = append(out.ByPoint, g)
	}
	districts, err := s.network.ListRegions(ctx, network.RegionFilter{Kind: network.RegionDistrict})
	if err != nil {
		return Analytics{}, err
	}
	names := map[string]network.Region{}
	for _, d := range districts {
		names[d.Code] = d
	}
	for code, rs := range byDistrict {
		g := GroupStats{Code: code, NameZh: code, NameEn: code}
		if d, ok := names[code]; ok {
			g.NameZh, g.NameEn = d.NameZh, d.NameEn
		}
		g.Counters, g.Steps = aggregate(rs)
		out.ByDistrict = append(out.ByDistrict, g)
	}
	byProjects := func(a, b GroupStats) int {
		return cmp.Or(cmp.Compare(b.Counters.Projects, a.Counters.Projects), strings.Compare(a.Code, b.Code))
	}
	slices.SortFunc(out.ByPoint, byProjects)
	slices.SortFunc(out.ByDistrict, byProjects)
	if out.ByPoint == nil {
		out.ByPoint, out.ByDistrict = []GroupStats{}, []GroupStats{}
	}
	return out, nil
}
