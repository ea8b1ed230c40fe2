package web

import (
	"net/http"

	"chuhai/internal/network"
)

// apiMemberAdd admits a provider to an alliance.
func (s *Server) apiMemberAdd(w http.ResponseWriter, r *http.Request) error {
	var in network.MemberInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	m, err := s.Network.AddMember(r.Context(), r.PathValue("code"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, m)
}
