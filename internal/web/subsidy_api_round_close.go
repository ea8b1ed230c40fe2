package web

import "net/http"

// apiRoundClose closes a round, allocating pro-rata programmes' budgets.
func (s *Server) apiRoundClose(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rid, err := pathID(r, "round_id")
	if err != nil {
		return err
	}
	res, err := s.Subsidy.CloseRound(r.Context(), id, rid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}
