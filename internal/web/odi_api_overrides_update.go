package web

import (
	"net/http"

	"chuhai/internal/odi"
)

// apiODIOverridesUpdate answers PUT /api/v1/odi/projects/{id}/overrides.
func (s *Server) apiODIOverridesUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := projectID(r)
	if err != nil {
		return err
	}
	var req overridesRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if err := requireVersion(req.Version); err != nil {
		return err
	}
	os := make([]odi.Override, len(req.Overrides))
	for i, o := range req.Overrides {
		os[i] = odi.Override{Flag: odi.FlagID(o.Flag), Sensitive: o.Sensitive, Reason: o.Reason}
	}
	t, err := s.ODI.SetOverrides(r.Context(), id, req.Version, os)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.projectView(info(r).lang, t))
}
