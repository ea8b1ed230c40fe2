package web

import "net/http"

// caseworkCompleteForm marks an engagement's work done.
func (s *Server) caseworkCompleteForm(w http.ResponseWriter, r *http.Request) error {
	id, f, ref, err := s.engagementForm(r)
	if err != nil {
		return err
	}
	version, err := formVersion(f)
	if err == nil {
		_, err = s.Casework.Complete(r.Context(), id, version, trimmed(f, "completed_on"))
	}
	if err != nil {
		return s.reshow(w, r, ref, "complete-"+itoa(id), err, "completed_on", "version")
	}
	afterForm(w, r, ref, "complete", "engagement-"+itoa(id))
	return nil
}
