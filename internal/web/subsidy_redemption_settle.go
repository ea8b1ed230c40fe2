package web

import "net/http"

// subsidyRedemptionSettle pays a provider for a redemption from the voucher page.
func (s *Server) subsidyRedemptionSettle(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	red, err := s.Subsidy.Settle(r.Context(), id, trimmed(f, "note"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/subsidy/vouchers/"+itoa(red.VoucherID)+"?done=settled", http.StatusSeeOther)
	return nil
}
