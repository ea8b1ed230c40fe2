package web

import "net/http"

type networkPointData struct {
	Point   pointView
	CanEdit bool
	Saved   bool
}

// networkPointShow shows one service point.
func (s *Server) networkPointShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.Network.PointByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	ref, err := s.networkRef(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, "network_point", "network.point.title", networkPointData{Point: ref.point(p),
		CanEdit: info(r).principal.CityWide(), Saved: r.URL.Query().Get("saved") == "1"})
}
