package web

import "net/http"

// apiODIProjectUpdate answers PUT /api/v1/odi/projects/{id}.
func (s *Server) apiODIProjectUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := projectID(r)
	if err != nil {
		return err
	}
	var req projectUpdateRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if err := requireVersion(req.Version); err != nil {
		return err
	}
	fields, missing := req.fields()
	t, err := s.ODI.UpdateProject(r.Context(), id, req.Version, fields)
	if err != nil {
		return mergeInvalid(err, missing)
	}
	return writeJSON(w, http.StatusOK, s.projectView(info(r).lang, t))
}
