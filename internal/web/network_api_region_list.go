package web

import (
	"net/http"

	"chuhai/internal/network"
)

// apiRegionList lists reference regions; the list is short and complete, so it is one page.
func (s *Server) apiRegionList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	regions, err := s.Network.ListRegions(r.Context(), network.RegionFilter{Kind: q.Get("kind"), Group: q.Get("group")})
	if err != nil {
		return err
	}
	if regions == nil {
		regions = []network.Region{}
	}
	return writeJSON(w, http.StatusOK, List[network.Region]{Items: regions, Page: 1, PerPage: len(regions), Total: len(regions)})
}
