package web

import (
	"net/http"

	"chuhai/internal/network"
)

// apiPointList lists active service points, filtered and paginated.
func (s *Server) apiPointList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	points, total, err := s.Network.ListPoints(r.Context(), network.PointFilter{Kind: q.Get("kind"), Region: q.Get("region"),
		Capability: q.Get("capability"), Q: q.Get("q"), Limit: pg.PerPage, Offset: pg.Offset()})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[network.Point]{Items: points, Page: pg.Page, PerPage: pg.PerPage, Total: total})
}
