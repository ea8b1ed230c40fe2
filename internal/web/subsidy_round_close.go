package web

import (
	"fmt"
	"net/http"
)

// subsidyRoundClose closes a round from the pacing page; pro-rata programmes allocate its budget.
func (s *Server) subsidyRoundClose(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rid, err := pathID(r, "round_id")
	if err != nil {
		return err
	}
	if _, err := s.Subsidy.CloseRound(r.Context(), id, rid); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/subsidy/programmes/%d/pacing?closed=1", id), http.StatusSeeOther)
	return nil
}
