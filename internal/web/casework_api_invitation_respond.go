package web

import "net/http"

// AnswerRequest accepts or declines.
type AnswerRequest struct {
	Accept bool   `json:"accept"`
	Note   string `json:"note,omitempty"`
}

// apiInvitationRespond is the invited point's answer.
func (s *Server) apiInvitationRespond(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in AnswerRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	inv, err := s.Casework.RespondInvitation(r.Context(), r.PathValue("ref"), id, in.Accept, in.Note)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, inv)
}
