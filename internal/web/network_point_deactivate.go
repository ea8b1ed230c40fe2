package web

import (
	"net/http"
	"net/url"
)

// networkPointDeactivate takes a point out of service.
func (s *Server) networkPointDeactivate(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	version, err := formVersion(f)
	if err != nil {
		return err
	}
	p, err := s.Network.DeactivatePoint(r.Context(), r.PathValue("code"), version)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/network/points/"+url.PathEscape(p.Code)+"?saved=1", http.StatusSeeOther)
	return nil
}
