package web

import "net/http"

// caseworkInviteForm invites another point to collaborate on a request.
func (s *Server) caseworkInviteForm(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	ref := r.PathValue("ref")
	if _, err := s.Casework.Invite(r.Context(), ref, trimmed(f, "point"), f.Get("message")); err != nil {
		return s.reshow(w, r, ref, "invite", err, "point", "message")
	}
	afterForm(w, r, ref, "invite", "points")
	return nil
}
