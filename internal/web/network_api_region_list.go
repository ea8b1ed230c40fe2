package web

import (
	"net/http"

	"chuhai/internal/network"
)

// apiRegionList lists reference regions, a page at a time like every list.
func (s *Server) apiRegionList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	regions, err := s.Network.ListRegions(r.Context(), network.RegionFilter{Kind: q.Get("kind"), Group: q.Get("group")})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, pageOf(regions, pg))
}

// pageOf cuts one page out of a short list that is read whole (reference data).
func pageOf[T any](all []T, pg Paging) List[T] {
	from := min(pg.Offset(), len(all))
	to := min(from+pg.PerPage, len(all))
	items := make([]T, to-from)
	copy(items, all[from:to])
	return List[T]{Items: items, Page: pg.Page, PerPage: pg.PerPage, Total: len(all)}
}
