package web

import "net/http"

// accountTOTPConfirm turns the second factor on with a code from the app.
func (s *Server) accountTOTPConfirm(w http.ResponseWriter, r *http.Request) error {
	if err := s.Auth.ConfirmTOTP(r.Context(), info(r).principal.UserID, r.PostFormValue("code")); err != nil {
		return s.accountFailed(w, r, "totp", err, "code")
	}
	http.Redirect(w, r, "/account?done=totp#totp", http.StatusSeeOther)
	return nil
}
