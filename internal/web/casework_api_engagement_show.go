package web

import "net/http"

// apiEngagementShow returns one engagement.
func (s *Server) apiEngagementShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	e, err := s.Casework.Engagement(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}
