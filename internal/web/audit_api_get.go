package web

import (
	"net/http"

	"chuhai/internal/audit"
)

// auditAPIGet returns one audit entry.
func (s *Server) auditAPIGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	row, err := audit.Get(r.Context(), s.DB, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, row)
}
