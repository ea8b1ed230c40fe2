package web

import "net/http"

// apiGuideDraftSave saves the working copy of a guide, or starts one (version 0).
func (s *Server) apiGuideDraftSave(w http.ResponseWriter, r *http.Request) error {
	country, err := pathCountry(r)
	if err != nil {
		return err
	}
	var in guideDraftSave
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	g, err := s.Knowledge.SaveDraft(r.Context(), country, in.Version, in.GuideInput)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, g)
}
