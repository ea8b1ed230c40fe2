package web

import (
	"net/http"

	"chuhai/internal/odi"
)

// odiProjectListPage is the list of tracked projects.
type odiProjectListPage struct {
	Lang     string
	Rows     []projectRow
	Pager    pager
	Filter   odi.ProjectFilter
	Statuses []option
	Points   []option // coordinators filter by point
	CanOpen  bool
}

// projectRow is a project in the list, with where its current step stands.
type projectRow struct {
	P          *odi.Tracked
	Enterprise string
	Current    *odi.TrackedStep
	StepKey    string
	ActionKey  string
}

// odiProjectList lists the tracked projects the user may see (GET /odi/projects).
func (s *Server) odiProjectList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := odi.ProjectFilter{Point: q.Get("point"), Status: q.Get("status"), Q: q.Get("q"), Limit: pg.PerPage, Offset: pg.Offset()}
	ps, total, err := s.ODI.ListProjects(r.Context(), f)
	if err != nil {
		return err
	}
	lang := info(r).lang
	p := info(r).principal
	d := odiProjectListPage{Lang: lang, Pager: newPager(r, pg, total), Filter: f, Statuses: optionsOf(f.Status, odi.Statuses, "odi.status."),
		CanOpen: p.Staff()}
	if p.CityWide() {
		points, err := s.odiPoints(r.Context(), r)
		if err != nil {
			return err
		}
		for _, pt := range points {
			d.Points = append(d.Points, option{Value: pt.Code, Zh: pt.NameZh, En: pt.NameEn, Selected: f.Point == pt.Code})
		}
	}
	for _, t := range ps {
		row := projectRow{P: t, Enterprise: pick(lang, odi.Name{Zh: t.Enterprise.NameZh, En: t.Enterprise.NameEn}), Current: t.CurrentStep()}
		if row.Current != nil {
			row.StepKey, row.ActionKey = "odi.regime."+string(row.Current.Regime), odi.ActionKey(row.Current.Regime, row.Current.Action)
		}
		d.Rows = append(d.Rows, row)
	}
	return s.render(w, r, "odi_projects", "odi.projects.title", d)
}
