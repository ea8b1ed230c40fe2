package web

import (
	"net/http"

	"chuhai/internal/odi"
)

// apiODIProjectList answers GET /api/v1/odi/projects.
func (s *Server) apiODIProjectList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	ps, total, err := s.ODI.ListProjects(r.Context(), odi.ProjectFilter{Point: q.Get("point"), Status: q.Get("status"), Q: q.Get("q"),
		Limit: pg.PerPage, Offset: pg.Offset()})
	if err != nil {
		return err
	}
	items := make([]projectSummary, len(ps))
	for i, t := range ps {
		items[i] = summarize(t)
	}
	return writeJSON(w, http.StatusOK, List[projectSummary]{Items: items, Page: pg.Page, PerPage: pg.PerPage, Total: total})
}
