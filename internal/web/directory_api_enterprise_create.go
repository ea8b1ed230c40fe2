package web

import (
	"net/http"

	"chuhai/internal/directory"
)

// apiEnterpriseCreate registers an enterprise at a window.
func (s *Server) apiEnterpriseCreate(w http.ResponseWriter, r *http.Request) error {
	var in directory.EnterpriseInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	e, err := s.Directory.CreateEnterprise(dirCtx(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, e)
}
