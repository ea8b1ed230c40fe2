package web

import "net/http"

// odiFileDownload sends an uploaded file (GET /odi/projects/{id}/files/{file}).
func (s *Server) odiFileDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := projectID(r)
	if err != nil {
		return err
	}
	fid, err := pathID(r, "file")
	if err != nil {
		return err
	}
	f, content, err := s.ODI.File(r.Context(), id, fid)
	if err != nil {
		return err
	}
	return serveFile(w, f, content)
}
