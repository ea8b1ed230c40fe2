package web

import "net/http"

// directoryEnterpriseMine takes an enterprise's user to their enterprise's profile.
func (s *Server) directoryEnterpriseMine(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, "/console/enterprises/"+itoa(info(r).principal.EnterpriseID), http.StatusSeeOther)
	return nil
}
