package web

import (
	"net/http"
	"strconv"

	"chuhai/internal/apperr"
	"chuhai/internal/money"
	"chuhai/internal/subsidy"
)

// subsidyVoucherRedeem records a provider's redemption from the voucher page (amount in yuan).
func (s *Server) subsidyVoucherRedeem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	var v apperr.Validator
	eng, err1 := strconv.ParseInt(trimmed(f, "engagement_id"), 10, 64)
	inv, err2 := strconv.ParseInt(trimmed(f, "invoice_id"), 10, 64)
	v.Check(err1 == nil && eng > 0, "engagement_id", "error.bad_id")
	v.Check(err2 == nil && inv > 0, "invoice_id", "error.bad_id")
	if err := v.Err(); err != nil {
		return err
	}
	amt, err := money.ParseYuan("amount_fen", trimmed(f, "amount"))
	if err != nil {
		return err
	}
	if _, err := s.Subsidy.Redeem(r.Context(), id, subsidy.RedemptionInput{EngagementID: eng, InvoiceID: inv, AmountFen: amt,
		IdempotencyKey: trimmed(f, "idempotency_key")}); err != nil {
		return err
	}
	http.Redirect(w, r, "/subsidy/vouchers/"+itoa(id)+"?done=redeemed", http.StatusSeeOther)
	return nil
}
