package web

import (
	"net/http"

	"chuhai/internal/directory"
)

// apiProviderCreate records a provider.
func (s *Server) apiProviderCreate(w http.ResponseWriter, r *http.Request) error {
	var in directory.ProviderInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.Directory.CreateProvider(dirCtx(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, p)
}
