package web

import "net/http"

// apiEnterpriseDecide verifies or rejects a self-registered enterprise.
func (s *Server) apiEnterpriseDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var d registrationDecision
	if err := decodeJSON(r, &d); err != nil {
		return err
	}
	e, err := s.Directory.DecideRegistration(dirCtx(r), id, d.Version, d.Verify, d.Note)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}
