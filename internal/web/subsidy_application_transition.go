package web

import (
	"fmt"
	"net/http"

	"chuhai/internal/money"
	"chuhai/internal/subsidy"
)

// subsidyApplicationTransition performs a review action from the application page's forms.
func (s *Server) subsidyApplicationTransition(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	in := subsidy.TransitionInput{Action: trimmed(f, "action"), Note: trimmed(f, "note"), IdempotencyKey: trimmed(f, "idempotency_key")}
	if v := trimmed(f, "amount"); v != "" {
		amt, err := money.ParseYuan("amount_fen", v)
		if err != nil {
			return err
		}
		in.AmountFen = &amt
	}
	if _, err := s.Subsidy.Transition(r.Context(), id, in); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/subsidy/applications/%d?done=%s", id, in.Action), http.StatusSeeOther)
	return nil
}
