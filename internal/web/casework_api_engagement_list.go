package web

import (
	"net/http"

	"chuhai/internal/casework"
)

// apiEngagementList lists the engagements the caller may see.
func (s *Server) apiEngagementList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	es, total, err := s.Casework.Engagements(r.Context(), casework.EngagementFilter{Ref: q.Get("ref"), Status: q.Get("status"),
		Limit: pg.PerPage, Offset: pg.Offset()})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[casework.Engagement]{Items: es, Page: pg.Page, PerPage: pg.PerPage, Total: total})
}
