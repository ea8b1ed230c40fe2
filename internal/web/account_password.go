package web

import (
	"net/http"

	"chuhai/internal/apperr"
)

// accountPassword changes one's own password; other sessions of the account end.
func (s *Server) accountPassword(w http.ResponseWriter, r *http.Request) error {
	p := info(r).principal
	current, next := r.PostFormValue("current_password"), r.PostFormValue("new_password")
	inputs := []string{"current_password", "new_password", "confirm_password"}
	if next != "" && r.PostFormValue("confirm_password") != next {
		return s.accountFailed(w, r, "password", apperr.Invalid(apperr.F("confirm_password", "account.password.mismatch")), inputs...)
	}
	if err := s.Auth.ChangePassword(r.Context(), p.UserID, current, next); err != nil {
		return s.accountFailed(w, r, "password", err, inputs...)
	}
	http.Redirect(w, r, "/account?done=password", http.StatusSeeOther)
	return nil
}
