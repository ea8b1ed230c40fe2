package web

import (
	"net/http"

	"chuhai/internal/odi"
)

// apiODIDocumentUpdate answers PUT /api/v1/odi/projects/{id}/documents/{doc_id}.
func (s *Server) apiODIDocumentUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := projectID(r)
	if err != nil {
		return err
	}
	doc, err := pathID(r, "doc_id")
	if err != nil {
		return err
	}
	var in odi.DocumentInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	t, err := s.ODI.SetDocumentStatus(r.Context(), id, doc, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.projectView(info(r).lang, t))
}
