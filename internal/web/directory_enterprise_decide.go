package web

import "net/http"

// directoryEnterpriseDecide verifies or rejects a self-registered enterprise from its profile.
func (s *Server) directoryEnterpriseDecide(w http.ResponseWriter, r *http.Request) error {
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
	if _, err := s.Directory.DecideRegistration(dirCtx(r), id, version, f.Get("decision") == "verify", trimmed(f, "note")); err != nil {
		return err
	}
	http.Redirect(w, r, "/console/enterprises/"+itoa(id)+"?saved=1", http.StatusSeeOther)
	return nil
}
