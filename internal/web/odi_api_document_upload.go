package web

import "net/http"

// apiODIDocumentUpload answers POST /api/v1/odi/projects/{id}/documents/{doc_id}/files.
func (s *Server) apiODIDocumentUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := projectID(r)
	if err != nil {
		return err
	}
	doc, err := pathID(r, "doc_id")
	if err != nil {
		return err
	}
	name, content, err := readUpload(r)
	if err != nil {
		return err
	}
	f, err := s.ODI.Upload(r.Context(), id, doc, name, content)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, f)
}
