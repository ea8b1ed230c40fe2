package web

import "net/http"

// directoryProviderStatus verifies, suspends, reinstates, delists or re-lists a provider from its
// profile page.
func (s *Server) directoryProviderStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	version, err := formVersion(f)
	if err != nil {
		return err
	}
	if _, err := s.Directory.SetProviderStatus(dirCtx(r), id, version, trimmed(f, "status"), trimmed(f, "reason")); err != nil {
		return err
	}
	http.Redirect(w, r, "/providers/"+itoa(id)+"?saved=1", http.StatusSeeOther)
	return nil
}
