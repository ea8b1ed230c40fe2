package web

import (
	"net/http"
	"net/url"

	"chuhai/internal/casework"
)

// apiRequestCreate takes a request in.
func (s *Server) apiRequestCreate(w http.ResponseWriter, r *http.Request) error {
	var in casework.NewRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	req, err := s.Casework.CreateRequest(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/requests/"+url.PathEscape(req.Ref))
	return writeJSON(w, http.StatusCreated, req)
}
