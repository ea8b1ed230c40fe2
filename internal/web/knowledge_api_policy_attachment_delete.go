package web

import "net/http"

// apiPolicyAttachmentDelete removes an attachment from a policy.
func (s *Server) apiPolicyAttachmentDelete(w http.ResponseWriter, r *http.Request) error {
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
	w.WriteHeader(http.StatusNoContent)
	return nil
}
