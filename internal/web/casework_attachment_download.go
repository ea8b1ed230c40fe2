package web

import (
	"mime"
	"net/http"
	"strconv"
)

// caseworkAttachmentDownload sends one of a request's files, always as a download: it is never
// shown inline, whatever it contains.
func (s *Server) caseworkAttachmentDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, data, err := s.Casework.AttachmentContent(r.Context(), r.PathValue("ref"), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", a.ContentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
	w.Header().Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
	return nil
}
