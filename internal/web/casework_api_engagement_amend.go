package web

import (
	"net/http"

	"chuhai/internal/money"
)

// AmendRequest changes an engagement's agreed amount.
type AmendRequest struct {
	Version   int       `json:"version"`
	AmountFen money.Fen `json:"amount_fen"`
	Reason    string    `json:"reason"`
}

// apiEngagementAmend amends the agreed amount.
func (s *Server) apiEngagementAmend(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in AmendRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	e, err := s.Casework.Amend(r.Context(), id, in.Version, in.AmountFen, in.Reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, e)
}
