package web

import "net/http"

// apiAlertShow returns one alert with its history; a draft only to editors.
func (s *Server) apiAlertShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.Knowledge.Alert(r.Context(), id, mayEditKnowledge(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}
