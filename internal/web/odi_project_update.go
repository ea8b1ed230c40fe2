package web

import (
	"fmt"
	"net/http"
)

// odiProjectUpdate saves the project form (POST /odi/projects/{id}); steps not yet submitted are
// routed again.
func (s *Server) odiProjectUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := projectID(r)
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	t, err := s.ODI.Project(r.Context(), id)
	if err != nil {
		return err
	}
	fields, bad := parseProjectForm(f)
	version, err := formVersion(f)
	if err == nil {
		_, err = s.ODI.UpdateProject(r.Context(), id, version, fields)
	}
	if err != nil {
		st := s.projectForm(r, f, t, nil)
		st.Version = version
		status, ferr := s.formFailure(r, withParseErrors(projectInputs(err), bad), st)
		if ferr != nil {
			return ferr
		}
		s.renderStatus(w, r, status, "odi_project_form", odiProjectFormPage{Lang: info(r).lang, Form: st, Project: t}, "odi.project.edit")
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("/odi/projects/%d?saved=project", id), http.StatusSeeOther)
	return nil
}
