package web

import (
	"net/http"

	"chuhai/internal/odi"
)

// apiODIMilestonesUpdate answers PUT /api/v1/odi/projects/{id}/milestones.
func (s *Server) apiODIMilestonesUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := projectID(r)
	if err != nil {
		return err
	}
	var req milestonesRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if err := requireVersion(req.Version); err != nil {
		return err
	}
	t, err := s.ODI.SetMilestones(r.Context(), id, req.Version, odi.Milestones{StartedOn: req.StartedOn, CompletedOn: req.CompletedOn,
		CompletionReportOn: req.CompletionReportOn, WithdrawnOn: req.WithdrawnOn})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.projectView(info(r).lang, t))
}
