package web

import (
	"fmt"
	"net/http"

	"chuhai/internal/odi"
)

// odiProjectCreate opens a tracked project from the form (POST /odi/projects) and shows it; on a
// failure the form comes back with the errors beside their fields.
func (s *Server) odiProjectCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	fields, bad := parseProjectForm(f)
	in := odi.NewProject{RequestReference: trimmed(f, "request_reference"), Point: trimmed(f, "point"), EnterpriseUSCC: trimmed(f, "enterprise_uscc"),
		ProjectFields: fields}
	t, err := s.ODI.CreateProject(r.Context(), in)
	if err != nil {
		points, perr := s.odiPoints(r.Context(), r)
		if perr != nil {
			return perr
		}
		st := s.projectForm(r, f, nil, points)
		status, ferr := s.formFailure(r, withParseErrors(projectInputs(err), bad), st)
		if ferr != nil {
			return ferr
		}
		s.renderStatus(w, r, status, "odi_project_form", odiProjectFormPage{Lang: info(r).lang, Form: st, NoPoint: len(points) == 0}, "odi.project.new")
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("/odi/projects/%d?saved=created", t.ID), http.StatusSeeOther)
	return nil
}
