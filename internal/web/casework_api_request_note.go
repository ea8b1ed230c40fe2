package web

import "net/http"

// NoteRequest is the body of POST /api/v1/requests/{ref}/notes.
type NoteRequest struct {
	Body   string `json:"body"`
	Public bool   `json:"public"`
}

// apiRequestNote adds a note to a request's timeline.
func (s *Server) apiRequestNote(w http.ResponseWriter, r *http.Request) error {
	var in NoteRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	ev, err := s.Casework.AddNote(r.Context(), r.PathValue("ref"), in.Body, in.Public)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, ev)
}
