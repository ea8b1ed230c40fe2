package web

import "net/http"

// apiAllianceUpdate replaces an alliance, refusing a stale version with 409.
func (s *Server) apiAllianceUpdate(w http.ResponseWriter, r *http.Request) error {
	var in allianceUpdate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.Network.UpdateAlliance(r.Context(), r.PathValue("code"), in.Version, in.AllianceInput)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}
