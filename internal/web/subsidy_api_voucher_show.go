package web

import "net/http"

// apiVoucherShow returns a voucher with its redemptions.
func (s *Server) apiVoucherShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Subsidy.Voucher(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}
