package web

import (
	"net/http"

	"chuhai/internal/subsidy"
)

// apiVoucherRedeem records a provider's redemption.
func (s *Server) apiVoucherRedeem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in subsidy.RedemptionInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.IdempotencyKey == "" {
		in.IdempotencyKey = r.Header.Get("Idempotency-Key")
	}
	red, err := s.Subsidy.Redeem(r.Context(), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, red)
}
