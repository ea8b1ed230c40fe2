package web

import (
	"net/http"

	"chuhai/internal/odi"
)

// apiODIProjectCreate answers POST /api/v1/odi/projects.
func (s *Server) apiODIProjectCreate(w http.ResponseWriter, r *http.Request) error {
	var req projectCreateRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	fields, missing := req.fields()
	t, err := s.ODI.CreateProject(r.Context(), odi.NewProject{RequestReference: req.RequestReference, Point: req.Point,
		EnterpriseUSCC: req.EnterpriseUSCC, ProjectFields: fields})
	if err != nil {
		return mergeInvalid(err, missing)
	}
	w.Header().Set("Location", "/api/v1/odi/projects/"+itoa(t.ID))
	return writeJSON(w, http.StatusCreated, s.projectView(info(r).lang, t))
}
