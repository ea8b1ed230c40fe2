package web

import (
	"net/http"

	"chuhai/internal/directory"
)

// apiProviderList lists providers: verified ones for everyone, any status for staff.
func (s *Server) apiProviderList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	f := providerFilter(r.URL.Query(), !info(r).principal.Staff())
	f.Limit, f.Offset = pg.PerPage, pg.Offset()
	ps, total, err := s.Directory.ListProviders(dirCtx(r), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[directory.Provider]{Items: ps, Page: pg.Page, PerPage: pg.PerPage, Total: total})
}
