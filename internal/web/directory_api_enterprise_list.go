package web

import (
	"net/http"

	"chuhai/internal/directory"
)

// apiEnterpriseList lists enterprises, filtered, sorted and paginated.
func (s *Server) apiEnterpriseList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	f := enterpriseFilter(r.URL.Query())
	f.Limit, f.Offset = pg.PerPage, pg.Offset()
	es, total, err := s.Directory.ListEnterprises(dirCtx(r), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[directory.Enterprise]{Items: es, Page: pg.Page, PerPage: pg.PerPage, Total: total})
}
