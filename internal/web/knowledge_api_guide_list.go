package web

import (
	"net/http"

	"chuhai/internal/knowledge"
)

// apiGuideList lists the guides; editors also see unpublished ones.
func (s *Server) apiGuideList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	gs, err := s.Knowledge.ListGuides(r.Context(), mayEditKnowledge(r))
	if err != nil {
		return err
	}
	from := min(pg.Offset(), len(gs))
	to := min(from+pg.PerPage, len(gs))
	return writeJSON(w, http.StatusOK, List[knowledge.GuideSummary]{Items: gs[from:to], Page: pg.Page, PerPage: pg.PerPage, Total: len(gs)})
}
