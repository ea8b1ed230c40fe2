package web

import (
	"encoding/json"
	"fmt"
	"net/http"

	"chuhai/internal/network"
)

// apiPointList lists active service points, filtered and paginated. The same page for the same
// filter is encoded once per read-cache period (and again after any change to the network made
// through this instance): it is the most called list of the public API.
func (s *Server) apiPointList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := network.PointFilter{Kind: q.Get("kind"), Region: q.Get("region"), Capability: q.Get("capability"), Q: q.Get("q"),
		Limit: pg.PerPage, Offset: pg.Offset()}
	key := fmt.Sprintf("points\x00%d\x00%s\x00%s\x00%s\x00%s\x00%d\x00%d", s.Network.Generation(), f.Kind, f.Region, f.Capability, f.Q, pg.Page, pg.PerPage)
	body, err := s.encoded.Get(key, func() ([]byte, error) {
		points, total, err := s.Network.ListPoints(r.Context(), f)
		if err != nil {
			return nil, err
		}
		b, err := json.Marshal(List[network.Point]{Items: points, Page: pg.Page, PerPage: pg.PerPage, Total: total})
		return append(b, '\n'), err
	})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(body)
	return err
}
