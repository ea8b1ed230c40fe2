package web

import (
	"fmt"
	"net/http"

	"chuhai/internal/money"
	"chuhai/internal/subsidy"
)

// subsidyRoundAdd adds a round from the programme page's form (budget typed in yuan).
func (s *Server) subsidyRoundAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	in := subsidy.RoundInput{Name: trimmed(f, "name"), OpensOn: trimmed(f, "opens_on"), ClosesOn: trimmed(f, "closes_on")}
	if b := trimmed(f, "budget"); b != "" {
		if in.BudgetFen, err = money.ParseYuan("budget_fen", b); err != nil {
			return err
		}
	}
	// A refused round comes back as the error page listing each field's problem.
	if _, err := s.Subsidy.AddRound(r.Context(), id, in); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/subsidy/programmes/%d?saved=1", id), http.StatusSeeOther)
	return nil
}
