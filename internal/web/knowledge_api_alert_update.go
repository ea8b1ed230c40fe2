package web

import "net/http"

// apiAlertUpdate changes a risk alert, refusing a stale version with 409.
func (s *Server) apiAlertUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in alertUpdate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.Knowledge.UpdateAlert(r.Context(), id, in.Version, in.AlertInput)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}
