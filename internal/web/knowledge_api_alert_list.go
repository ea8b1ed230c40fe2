package web

import (
	"net/http"
	"strings"

	"chuhai/internal/knowledge"
)

// apiAlertList lists risk alerts; editors also see drafts.
func (s *Server) apiAlertList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	f := alertFilter(r)
	f.Limit, f.Offset = pg.PerPage, pg.Offset()
	as, total, err := s.Knowledge.ListAlerts(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[knowledge.Alert]{Items: as, Page: pg.Page, PerPage: pg.PerPage, Total: total})
}

// alertFilter reads ?country= and ?phase=, the same on the page and the API.
func alertFilter(r *http.Request) knowledge.AlertFilter {
	q := r.URL.Query()
	f := knowledge.AlertFilter{Phase: strings.TrimSpace(q.Get("phase")), Drafts: mayEditKnowledge(r)}
	if c := strings.TrimSpace(q.Get("country")); c != "" {
		f.Countries = []string{strings.ToUpper(c)}
	}
	return f
}
