package web

import "net/http"

// accountTokenRevoke revokes one of one's own API tokens.
func (s *Server) accountTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Auth.RevokeAPIToken(r.Context(), info(r).principal.UserID, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/account?done=revoked#tokens", http.StatusSeeOther)
	return nil
}
