package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/workday"
)

// PointCredit is one point's share of the requests submitted in a period: those it led (served now
// or before a transfer or merge), those it collaborated on, and — for a district point — those of
// enterprises whose home district it serves, wherever they were served.
type PointCredit struct {
	Point        PointRef `json:"point"`
	Kind         string   `json:"kind"`
	Region       string   `json:"region"`
	Led          int      `json:"led"`
	Collaborated int      `json:"collaborated"`
	Home         int      `json:"home"`
	Open         int      `json:"open"` // requests it serves now that are still open
}

// DistrictCredit is a district's share: requests of its enterprises (home), and requests served by
// any of its points (served), each request once.
type DistrictCredit struct {
	Region string `json:"region"`
	Home   int    `json:"home"`
	Served int    `json:"served"`
}

// Credit is the collaboration credit of a period.
type Credit struct {
	From      string           `json:"from"`
	To        string           `json:"to"`
	Points    []PointCredit    `json:"points"`
	Districts []DistrictCredit `json:"districts"`
}

// maxReportDays bounds a report's period.
const maxReportDays = 3 * 366

// Credit counts requests submitted from from to to (inclusive, Shanghai dates) for every point and
// district: home districts and serving points both count, so a district gains nothing by keeping an
// enterprise's request it is not best placed to serve. Requests merged into another are counted
// through the one they were merged into. Staff may see it.
func (s *Store) Credit(ctx context.Context, from, to workday.Date) (Credit, error) {
	if p := auth.From(ctx); p == nil || !p.Staff() {
		return Credit{}, apperr.ErrForbidden
	}
	var v apperr.Validator
	v.Check(!from.IsZero(), "from", "error.required")
	v.Check(!to.IsZero(), "to", "error.required")
	if !from.IsZero() && !to.IsZero() {
		v.Check(!to.Before(from), "to", "casework.date.end_before_start")
		v.Check(!to.After(from.AddDays(maxReportDays)), "to", "casework.report.too_long", "Years", 3)
	}
	if err := v.Err(); err != nil {
		return Credit{}, err
	}
	lo, hi := from.At(0, 0, shanghai).UTC(), to.AddDays(1).At(0, 0, shanghai).UTC()
	ix, err := s.pointIndex(ctx)
	if err != nil {
		return Credit{}, err
	}
	c := Credit{From: from.String(), To: to.String()}
	byPoint := map[int64]*PointCredit{}
	get := func(id int64) *PointCredit {
		if pc := byPoint[id]; pc != nil {
			return pc
		}
		pt := ix.byID[id]
		pc := &PointCredit{Point: ix.ref(id), Kind: pt.Kind, Region: pt.RegionCode}
		byPoint[id] = pc
		return pc
	}
	for _, p := range ix.all {
		if p.Active {
			get(p.ID)
		}
	}
	rows, err := s.db.Query(ctx, `SELECT rp.point_id, rp.role, COUNT(*) FROM casework_request_point rp JOIN casework_request r ON r.id = rp.request_id
		WHERE r.submitted_at >= $1 AND r.submitted_at < $2 AND r.merged_into_id IS NULL GROUP BY rp.point_id, rp.role`, lo, hi)
	if err != nil {
		return Credit{}, fmt.Errorf("credit by point: %w", err)
	}
	for rows.Next() {
		var id int64
		var role string
		var n int
		if err := rows.Scan(&id, &role, &n); err != nil {
			rows.Close()
			return Credit{}, err
		}
		if role == RoleCollaborator {
			get(id).Collaborated += n
		} else {
			get(id).Led += n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Credit{}, err
	}
	states, args := textList(2, OpenStates)
	rows, err = s.db.Query(ctx, `SELECT point_id, COUNT(*) FROM casework_request WHERE submitted_at >= $1 AND submitted_at < $2
		AND state IN `+states+` GROUP BY point_id`, append([]any{lo, hi}, args...)...)
	if err != nil {
		return Credit{}, err
	}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return Credit{}, err
		}
		get(id).Open = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Credit{}, err
	}

	districts := map[string]*DistrictCredit{}
	district := func(code string) *DistrictCredit {
		if d := districts[code]; d != nil {
			return d
		}
		d := &DistrictCredit{Region: code}
		districts[code] = d
		return d
	}
	rows, err = s.db.Query(ctx, `SELECT home_district, COUNT(*) FROM casework_request WHERE submitted_at >= $1 AND submitted_at < $2
		AND home_district IS NOT NULL AND merged_into_id IS NULL GROUP BY home_district`, lo, hi)
	if err != nil {
		return Credit{}, err
	}
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			rows.Close()
			return Credit{}, err
		}
		district(code).Home = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Credit{}, err
	}
	// A request served by two points of one district counts once for it: the points' regions are
	// folded into the query so that the database counts distinct requests per region.
	if len(ix.all) > 0 {
		var b strings.Builder
		regionArgs := []any{lo, hi}
		b.WriteString("CASE rp.point_id")
		for _, p := range ix.all {
			regionArgs = append(regionArgs, p.ID, p.RegionCode)
			fmt.Fprintf(&b, " WHEN $%d THEN $%d", len(regionArgs)-1, len(regionArgs))
		}
		b.WriteString(" END")
		rows, err = s.db.Query(ctx, `SELECT `+b.String()+` AS region, COUNT(DISTINCT rp.request_id) FROM casework_request_point rp
			JOIN casework_request r ON r.id = rp.request_id WHERE r.submitted_at >= $1 AND r.submitted_at < $2 AND r.merged_into_id IS NULL
			GROUP BY 1`, regionArgs...)
		if err != nil {
			return Credit{}, fmt.Errorf("credit by district: %w", err)
		}
		for rows.Next() {
			var code *string
			var n int
			if err := rows.Scan(&code, &n); err != nil {
				rows.Close()
				return Credit{}, err
			}
			if code != nil {
				district(*code).Served = n
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return Credit{}, err
		}
	}
	for _, pc := range byPoint {
		if pc.Kind == KindDistrictPoint {
			if d := districts[pc.Region]; d != nil {
				pc.Home = d.Home
			}
		}
		c.Points = append(c.Points, *pc)
	}
	slices.SortFunc(c.Points, func(a, b PointCredit) int { return strings.Compare(a.Point.Code, b.Point.Code) })
	for _, d := range districts {
		c.Districts = append(c.Districts, *d)
	}
	slices.SortFunc(c.Districts, func(a, b DistrictCredit) int { return strings.Compare(a.Region, b.Region) })
	return c, nil
}

// CreditForYear is Credit for the current calendar year to date (Shanghai), the default view.
func (s *Store) CreditForYear(ctx context.Context) (Credit, error) {
	now := s.now().In(shanghai)
	return s.Credit(ctx, workday.NewDate(now.Year(), time.January, 1), workday.DateOf(now))
}
