package web

import "net/http"

// apiAlertPublish publishes a draft alert.
func (s *Server) apiAlertPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in versionBody
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.Knowledge.PublishAlert(r.Context(), id, in.Version)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}
