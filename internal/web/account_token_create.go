package web

import "net/http"

// accountTokenCreate makes an API token and shows it this once (no redirect: it is not stored).
func (s *Server) accountTokenCreate(w http.ResponseWriter, r *http.Request) error {
	token, err := s.Auth.CreateAPIToken(r.Context(), info(r).principal.UserID, r.PostFormValue("name"))
	if err != nil {
		return s.accountFailed(w, r, "token", err, "name")
	}
	return s.renderAccount(w, r, http.StatusOK, accountPage{NewToken: token})
}
