package web

import (
	"net/http"

	"chuhai/internal/network"
)

// apiPointCreate creates a service point.
func (s *Server) apiPointCreate(w http.ResponseWriter, r *http.Request) error {
	var in network.PointInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.Network.CreatePoint(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/service-points/"+p.Code)
	return writeJSON(w, http.StatusCreated, p)
}
