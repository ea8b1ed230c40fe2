package web

import (
	"net/http"

	"chuhai/internal/subsidy"
)

// apiVoucherIssue issues a voucher.
func (s *Server) apiVoucherIssue(w http.ResponseWriter, r *http.Request) error {
	var in subsidy.VoucherInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	v, err := s.Subsidy.IssueVoucher(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/vouchers/"+itoa(v.ID))
	return writeJSON(w, http.StatusCreated, v)
}
