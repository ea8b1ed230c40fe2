package web

import (
	"net/http"

	"chuhai/internal/apperr"
)

// apiSessionDelete ends the session the call was made with. An API token is not a session: it is
// revoked instead, through DELETE /api/v1/tokens/{id}.
func (s *Server) apiSessionDelete(w http.ResponseWriter, r *http.Request) error {
	p := info(r).principal
	if p.SessionID == 0 {
		return apperr.New(apperr.KindInvalid, "auth.session.token_not_session")
	}
	if err := s.Auth.EndSession(r.Context(), p.SessionID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
