package web

import (
	"fmt"
	"net/http"
	"strconv"

	"chuhai/internal/apperr"
	"chuhai/internal/money"
	"chuhai/internal/subsidy"
)

// subsidyLedgerRecord books an owner's ledger entry from the pacing page: a budget change (typed in
// yuan, negative to cut) or the reversal of an entry.
func (s *Server) subsidyLedgerRecord(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	in := subsidy.LedgerInput{Kind: trimmed(f, "kind"), Note: trimmed(f, "note"), IdempotencyKey: trimmed(f, "idempotency_key")}
	switch in.Kind {
	case "budget":
		if in.AmountFen, err = money.ParseYuan("amount_fen", trimmed(f, "amount")); err != nil {
			return err
		}
	case "reversal":
		n, perr := strconv.ParseInt(trimmed(f, "reverses_id"), 10, 64)
		if perr != nil || n <= 0 {
			return apperr.Invalid(apperr.F("reverses_id", "error.bad_id"))
		}
		in.ReversesID = n
	}
	if _, err := s.Subsidy.Record(r.Context(), id, in); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/subsidy/programmes/%d/pacing?recorded=1", id), http.StatusSeeOther)
	return nil
}
