package web

import (
	"net/http"

	"chuhai/internal/network"
)

// apiAllianceCreate creates an alliance.
func (s *Server) apiAllianceCreate(w http.ResponseWriter, r *http.Request) error {
	var in network.AllianceInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.Network.CreateAlliance(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/alliances/"+a.Code)
	return writeJSON(w, http.StatusCreated, a)
}
