package odi

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
)

// ProjectFilter narrows ListProjects.
type ProjectFilter struct {
	Point  string // serving point code (coordinators; others see their own anyway)
	Status string // active, completed or withdrawn
	Q      string // text in the reference, title, enterprise name or USCC, or request reference
	Limit  int
	Offset int
}

// Statuses lists the project statuses.
var Statuses = []string{StatusActive, StatusCompleted, StatusWithdrawn}

const maxSearchRunes = 100

// ListProjects returns one page of the projects the caller may see, newest first, with their steps'
// clocks (not their checklists), and how many match. Point staff see their point's projects,
// enterprise users their enterprise's, coordinators all.
func (s *Store) ListProjects(ctx context.Context, f ProjectFilter) ([]*Tracked, int, error) {
	f.Point = strings.ToUpper(strings.TrimSpace(f.Point))
	f.Status = strings.TrimSpace(f.Status)
	f.Q = strings.TrimSpace(f.Q)
	var v apperr.Validator
	v.Check(f.Status == "" || slices.Contains(Statuses, f.Status), "status", "error.bad_choice")
	v.Check(utf8.RuneCountInString(f.Q) <= maxSearchRunes, "q", "error.too_long", "Max", maxSearchRunes)
	var where []string
	var args []any
	arg := func(a any) string { args = append(args, a); return fmt.Sprintf("$%d", len(args)) }
	if f.Point != "" {
		pt, err := s.network.PointByCode(ctx, f.Point)
		if err != nil {
			v.Add("point", "odi.point_unknown")
		} else {
			where = append(where, "p.point_id = "+arg(pt.ID))
		}
	}
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	switch p := auth.From(ctx); {
	case p == nil, p.CityWide():
	case p.Role.Scope() == auth.ScopePoint:
		where = append(where, "p.point_id = "+arg(p.PointID))
	case p.Role.Scope() == auth.ScopeEnterprise:
		where = append(where, "p.enterprise_id = "+arg(p.EnterpriseID))
	default:
		return nil, 0, apperr.ErrForbidden
	}
	switch f.Status {
	case StatusActive:
		where = append(where, "p.withdrawn_on IS NULL AND p.completed_on IS NULL")
	case StatusCompleted:
		where = append(where, "p.withdrawn_on IS NULL AND p.completed_on IS NOT NULL")
	case StatusWithdrawn:
		where = append(where, "p.withdrawn_on IS NOT NULL")
	}
	if f.Q != "" {
		n := arg("%" + likeEscape(strings.ToLower(f.Q)) + "%")
		var ors []string
		for _, col := range []string{"p.reference", "p.title", "p.enterprise_name_zh", "p.enterprise_name_en", "p.enterprise_uscc", "p.request_reference"} {
			ors = append(ors, "LOWER("+col+") LIKE "+n+` ESCAPE '\'`)
		}
		where = append(where, "("+strings.Join(ors, " OR ")+")")
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM odi_project p`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count odi projects: %w", err)
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.db.Query(ctx, `SELECT `+projectColumns+` FROM odi_project p`+cond+` ORDER BY p.id DESC LIMIT `+arg(f.Limit)+` OFFSET `+arg(f.Offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list odi projects: %w", err)
	}
	var out []*Tracked
	for rows.Next() {
		t, err := scanProject(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, t)
	}
	if err := rows.Close(); err != nil {
		return nil, 0, err
	}
	if err := loadSteps(ctx, s.db, out, false); err != nil {
		return nil, 0, err
	}
	if err := s.overridesOf(ctx, out); err != nil {
		return nil, 0, err
	}
	cc, err := s.clockContext(ctx)
	if err != nil {
		return nil, 0, err
	}
	for _, t := range out {
		cc.decorate(t)
	}
	if err := s.pointNames(ctx, out); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// overridesOf reads the overrides of several projects, which their current assessment needs.
func (s *Store) overridesOf(ctx context.Context, ps []*Tracked) error {
	if len(ps) == 0 {
		return nil
	}
	byID := map[int64]*Tracked{}
	args := make([]any, len(ps))
	for i, p := range ps {
		byID[p.ID], args[i] = p, p.ID
	}
	rows, err := s.db.Query(ctx, `SELECT project_id, flag, sensitive, reason, set_by FROM odi_override WHERE project_id IN (`+placeholders(len(ps))+`)`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var pid int64
		var o Override
		var flag string
		if err := rows.Scan(&pid, &flag, &o.Sensitive, &o.Reason, &o.By); err != nil {
			return err
		}
		o.Flag = FlagID(flag)
		byID[pid].Project.Overrides = append(byID[pid].Project.Overrides, o)
	}
	return rows.Err()
}

// likeEscape escapes LIKE's wildcards (with \ as the escape character).
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// CurrentStep is the first step still under way or to come, or nil when every step is done.
func (t *Tracked) CurrentStep() *TrackedStep {
	for i := range t.Steps {
		st := &t.Steps[i]
		if st.Action != NoAction && st.DecidedOn == "" {
			return st
		}
	}
	return nil
}
