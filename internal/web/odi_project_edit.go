package web

import "net/http"

// odiProjectEdit shows the form that edits a project's description (GET /odi/projects/{id}/edit).
func (s *Server) odiProjectEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := projectID(r)
	if err != nil {
		return err
	}
	t, err := s.ODI.Project(r.Context(), id)
	if err != nil {
		return err
	}
	return s.render(w, r, "odi_project_form", "odi.project.edit",
		odiProjectFormPage{Lang: info(r).lang, Form: s.projectForm(r, projectValues(t), t, nil), Project: t})
}
