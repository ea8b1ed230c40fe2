package web

import "net/http"

// apiDistrictChangeDecide approves or rejects a home-district change.
func (s *Server) apiDistrictChangeDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var d changeDecision
	if err := decodeJSON(r, &d); err != nil {
		return err
	}
	c, err := s.Directory.DecideDistrictChange(dirCtx(r), id, d.Version, d.Approve, d.Note)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}
