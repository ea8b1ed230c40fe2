package web

import "net/http"

// apiPointUpdate replaces a service point, refusing a stale version with 409.
func (s *Server) apiPointUpdate(w http.ResponseWriter, r *http.Request) error {
	var in pointUpdate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.Network.UpdatePoint(r.Context(), r.PathValue("code"), in.Version, in.PointInput)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}
