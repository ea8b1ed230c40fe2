package web

import (
	"net/http"
	"net/url"
)

// apiGuideCreate starts a country's guide with a first draft.
func (s *Server) apiGuideCreate(w http.ResponseWriter, r *http.Request) error {
	var in guideCreate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	g, err := s.Knowledge.CreateGuide(r.Context(), in.Country, in.GuideInput)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/guides/"+url.PathEscape(g.Country)+"/draft")
	return writeJSON(w, http.StatusCreated, g)
}
