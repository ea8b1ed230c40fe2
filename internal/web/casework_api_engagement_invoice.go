package web

import (
	"net/http"

	"chuhai/internal/casework"
)

// apiEngagementInvoice records an invoice.
func (s *Server) apiEngagementInvoice(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in casework.NewInvoice
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	e, err := s.Casework.AddInvoice(r.Context(), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, e)
}
