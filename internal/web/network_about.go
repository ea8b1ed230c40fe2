package web

import "net/http"

// networkAbout explains the 1+(3+15)+X service system.
func (s *Server) networkAbout(w http.ResponseWriter, r *http.Request) error {
	sum, err := s.Network.Summarize(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, "about", "about.title", sum)
}
