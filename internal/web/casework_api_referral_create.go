package web

import (
	"net/http"

	"chuhai/internal/casework"
)

// apiReferralCreate refers a request to providers.
func (s *Server) apiReferralCreate(w http.ResponseWriter, r *http.Request) error {
	var in casework.NewReferral
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	fs, err := s.Casework.Refer(r.Context(), r.PathValue("ref"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, fs)
}
