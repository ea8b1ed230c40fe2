package web

import "net/http"

// apiProviderUpdate replaces a provider's profile, refusing a stale version with 409.
func (s *Server) apiProviderUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in providerUpdate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.Directory.UpdateProvider(dirCtx(r), id, in.Version, in.ProviderInput)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}
