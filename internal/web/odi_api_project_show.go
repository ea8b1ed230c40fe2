package web

import "net/http"

// apiODIProjectShow answers GET /api/v1/odi/projects/{id}.
func (s *Server) apiODIProjectShow(w http.ResponseWriter, r *http.Request) error {
	id, err := projectID(r)
	if err != nil {
		return err
	}
	t, err := s.ODI.Project(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.projectView(info(r).lang, t))
}
