package web

import (
	"net/http"

	"chuhai/internal/odi"
)

// apiODIStepUpdate answers PUT /api/v1/odi/projects/{id}/steps/{regime}.
func (s *Server) apiODIStepUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := projectID(r)
	if err != nil {
		return err
	}
	regime, err := regimeOf(r)
	if err != nil {
		return err
	}
	var in odi.StepInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	t, err := s.ODI.SaveStep(r.Context(), id, regime, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.projectView(info(r).lang, t))
}
