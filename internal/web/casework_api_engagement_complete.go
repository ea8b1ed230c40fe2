package web

import "net/http"

// CompleteRequest marks an engagement's work done.
type CompleteRequest struct {
	Version     int    `json:"version"`
	CompletedOn string `json:"completed_on"` // YYYY-MM-DD
}

// apiEngagementComplete marks the work done.
func (s *Server) apiEngagementComplete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in CompleteRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	e, err := s.Casework.Complete(r.Context(), id, in.Version, in.CompletedOn)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}
