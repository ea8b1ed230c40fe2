package web

import "net/http"

// InvitationRequest invites a point to collaborate.
type InvitationRequest struct {
	Point   string `json:"point"` // the point's code
	Message string `json:"message"`
}

// apiInvitationCreate invites a point to collaborate on a request.
func (s *Server) apiInvitationCreate(w http.ResponseWriter, r *http.Request) error {
	var in InvitationRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	inv, err := s.Casework.Invite(r.Context(), r.PathValue("ref"), in.Point, in.Message)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, inv)
}
