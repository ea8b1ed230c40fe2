package web

import (
	"mime"
	"net/http"
	"strconv"
)

// policyAttachmentDownload sends an attachment as a download: a PDF never rendered in the site's
// origin, under its own name.
func (s *Server) policyAttachmentDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := pathID(r, "attachment_id")
	if err != nil {
		return err
	}
	f, err := s.Knowledge.AttachmentFile(r.Context(), id, aid, mayEditKnowledge(r))
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Filename}))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, max-age=300")
	h.Set("ETag", `"`+f.SHA256+`"`)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(f.Data)
	return nil
}
