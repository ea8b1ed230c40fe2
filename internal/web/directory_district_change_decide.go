package web

import "net/http"

// directoryDistrictChangeDecide approves or rejects a home-district change (city coordinators).
func (s *Server) directoryDistrictChangeDecide(w http.ResponseWriter, r *http.Request) error {
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
	if _, err := s.Directory.DecideDistrictChange(dirCtx(r), id, version, f.Get("decision") == "approve", trimmed(f, "note")); err != nil {
		return err
	}
	http.Redirect(w, r, "/console/district-changes", http.StatusSeeOther)
	return nil
}
