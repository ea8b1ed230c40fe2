package web

import (
	"net/http"
	"strconv"
)

// policyAttachmentDelete removes an attachment from the policy page.
func (s *Server) policyAttachmentDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := pathID(r, "attachment_id")
	if err != nil {
		return err
	}
	if err := s.Knowledge.DeleteAttachment(r.Context(), id, aid); err != nil {
		return err
	}
	http.Redirect(w, r, "/policies/"+strconv.FormatInt(id, 10)+"?saved=1#attachments", http.StatusSeeOther)
	return nil
}
