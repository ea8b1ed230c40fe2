package web

import "net/http"

// directoryProviderMine takes a provider's user to their provider's profile.
func (s *Server) directoryProviderMine(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, "/providers/"+itoa(info(r).principal.ProviderID), http.StatusSeeOther)
	return nil
}
