package web

import (
	"net/http"

	"chuhai/internal/subsidy"
)

// apiRoundCreate adds an application round.
func (s *Server) apiRoundCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in subsidy.RoundInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	round, err := s.Subsidy.AddRound(r.Context(), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, round)
}
