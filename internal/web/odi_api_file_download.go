package web

import "net/http"

// apiODIFileDownload answers GET /api/v1/odi/projects/{id}/files/{file_id}.
func (s *Server) apiODIFileDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := projectID(r)
	if err != nil {
		return err
	}
	fid, err := pathID(r, "file_id")
	if err != nil {
		return err
	}
	f, content, err := s.ODI.File(r.Context(), id, fid)
	if err != nil {
		return err
	}
	return serveFile(w, f, content)
}
