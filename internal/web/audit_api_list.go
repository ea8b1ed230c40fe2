package web

import (
	"net/http"

	"chuhai/internal/audit"
)

// auditAPIList lists audit entries as JSON, filtered and paginated like the console page.
func (s *Server) auditAPIList(w http.ResponseWriter, r *http.Request) error {
	pg, perr := paging(r)
	f := auditFilter(r)
	if err := joinInvalid(perr, f.Validate()); err != nil {
		return err
	}
	rows, total, err := audit.List(r.Context(), s.DB, f, pg.Offset(), pg.PerPage)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[audit.Row]{Items: rows, Page: pg.Page, PerPage: pg.PerPage, Total: total})
}
