package web

import "net/http"

// apiPointShow returns one service point, active or not (references to it outlive its service).
func (s *Server) apiPointShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.Network.PointByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}
