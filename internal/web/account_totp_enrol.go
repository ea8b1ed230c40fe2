package web

import "net/http"

// accountTOTPEnrol starts second-factor enrolment: the page then shows the secret to copy.
func (s *Server) accountTOTPEnrol(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.Auth.EnrolTOTP(r.Context(), info(r).principal.UserID); err != nil {
		return s.accountFailed(w, r, "totp", err, "code")
	}
	http.Redirect(w, r, "/account?done=totp_started#totp", http.StatusSeeOther)
	return nil
}
