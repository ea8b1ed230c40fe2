package web

import (
	"net/http"
	"strconv"

	"chuhai/internal/knowledge"
)

// apiAlertCreate adds a risk alert as a draft.
func (s *Server) apiAlertCreate(w http.ResponseWriter, r *http.Request) error {
	var in knowledge.AlertInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.Knowledge.CreateAlert(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/alerts/"+strconv.FormatInt(a.ID, 10))
	return writeJSON(w, http.StatusCreated, a)
}
