package web

import "net/http"

// caseworkInvitationAnswer is the invited point's answer.
func (s *Server) caseworkInvitationAnswer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	ref := r.PathValue("ref")
	accept := f.Get("answer") == "accept"
	if _, err := s.Casework.RespondInvitation(r.Context(), ref, id, accept, f.Get("note")); err != nil {
		return s.reshow(w, r, ref, "answer", err, "note")
	}
	if !accept {
		// Declined: the request is not this point's to see any more.
		http.Redirect(w, r, "/console/casework?declined="+ref, http.StatusSeeOther)
		return nil
	}
	afterForm(w, r, ref, "joined", "points")
	return nil
}
