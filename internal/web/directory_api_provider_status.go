package web

import "net/http"

// apiProviderStatus verifies, suspends, reinstates, delists or re-lists a provider.
func (s *Server) apiProviderStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var c statusChange
	if err := decodeJSON(r, &c); err != nil {
		return err
	}
	p, err := s.Directory.SetProviderStatus(dirCtx(r), id, c.Version, c.Status, c.Reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}
