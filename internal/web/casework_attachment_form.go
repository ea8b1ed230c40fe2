package web

import (
	"net/http"

	"chuhai/internal/casework"
)

// caseworkAttachmentForm attaches files to a request from its page.
func (s *Server) caseworkAttachmentForm(w http.ResponseWriter, r *http.Request) error {
	ref := r.PathValue("ref")
	ups, err := readUploads(r, "files")
	if err == nil {
		_, err = s.Casework.AddAttachments(r.Context(), ref, ups)
	}
	if err != nil {
		inputs := []string{"files", "file=files", "attachments=files"}
		for i := range casework.MaxAttachments {
			inputs = append(inputs, "attachments["+itoa(int64(i))+"]=files")
		}
		return s.reshow(w, r, ref, "attach", err, inputs...)
	}
	afterForm(w, r, ref, "attach", "files")
	return nil
}
