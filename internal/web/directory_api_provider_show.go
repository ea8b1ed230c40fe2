package web

import "net/http"

// apiProviderShow returns a provider's profile as the caller may see it.
func (s *Server) apiProviderShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Directory.ProviderProfile(dirCtx(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}
