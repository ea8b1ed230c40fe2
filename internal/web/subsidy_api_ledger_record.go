package web

import (
	"net/http"

	"chuhai/internal/subsidy"
)

// apiLedgerRecord books a budget change or a reversal.
func (s *Server) apiLedgerRecord(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in subsidy.LedgerInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.IdempotencyKey == "" {
		in.IdempotencyKey = r.Header.Get("Idempotency-Key")
	}
	e, err := s.Subsidy.Record(r.Context(), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, e)
}
