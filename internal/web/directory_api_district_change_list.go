package web

import (
	"net/http"

	"chuhai/internal/directory"
)

// apiDistrictChangeList lists the home-district change requests the caller may see.
func (s *Server) apiDistrictChangeList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	cs, total, err := s.Directory.ListDistrictChanges(dirCtx(r), directory.ChangeFilter{Status: r.URL.Query().Get("status"),
		Limit: pg.PerPage, Offset: pg.Offset()})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[directory.DistrictChange]{Items: cs, Page: pg.Page, PerPage: pg.PerPage, Total: total})
}
