package web

import "net/http"

// accountTOTPDisable turns the second factor off with a current code (not for system admins).
func (s *Server) accountTOTPDisable(w http.ResponseWriter, r *http.Request) error {
	if err := s.Auth.DisableTOTP(r.Context(), info(r).principal.UserID, r.PostFormValue("code")); err != nil {
		return s.accountFailed(w, r, "totp", err, "totp=code_off")
	}
	http.Redirect(w, r, "/account?done=totp_off#totp", http.StatusSeeOther)
	return nil
}
