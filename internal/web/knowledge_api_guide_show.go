package web

import (
	"net/http"

	"chuhai/internal/knowledge"
)

// apiGuideShow returns the latest published version of a guide, or the one asked for.
func (s *Server) apiGuideShow(w http.ResponseWriter, r *http.Request) error {
	country, err := pathCountry(r)
	if err != nil {
		return err
	}
	n, err := queryInt(r, "version")
	if err != nil {
		return err
	}
	var g knowledge.Revision
	if n == 0 {
		g, err = s.Knowledge.Guide(r.Context(), country)
	} else {
		g, err = s.Knowledge.GuideVersion(r.Context(), country, n)
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, g)
}
