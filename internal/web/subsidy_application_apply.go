package web

import (
	"fmt"
	"net/http"

	"chuhai/internal/money"
	"chuhai/internal/subsidy"
)

// subsidyApplicationApply applies to a review-based programme (a reward) from its page: the amount
// asked for, the justification and the documents supplied.
func (s *Server) subsidyApplicationApply(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	in := subsidy.ApplicationInput{ProgrammeID: id, Justification: trimmed(f, "justification"), Documents: f["documents"]}
	if v := trimmed(f, "requested"); v != "" {
		if in.RequestedFen, err = money.ParseYuan("requested_fen", v); err != nil {
			return err
		}
	}
	a, err := s.Subsidy.Apply(r.Context(), in)
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/subsidy/applications/%d?done=applied", a.ID), http.StatusSeeOther)
	return nil
}
