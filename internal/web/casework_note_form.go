package web

import "net/http"

// caseworkNoteForm adds a note to a request's timeline.
func (s *Server) caseworkNoteForm(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	ref := r.PathValue("ref")
	if _, err := s.Casework.AddNote(r.Context(), ref, f.Get("body"), f.Get("public") == "1"); err != nil {
		return s.reshow(w, r, ref, "note", err, "body")
	}
	afterForm(w, r, ref, "note", "timeline")
	return nil
}
