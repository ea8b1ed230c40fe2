package web

import (
	"net/http"
	"strconv"

	"chuhai/internal/apperr"
)

// policyAttachmentUpload attaches a PDF from the policy page's upload form.
func (s *Server) policyAttachmentUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	name, data, err := uploadedFile(r)
	if err == nil {
		_, err = s.Knowledge.AddAttachment(r.Context(), id, name, data)
	}
	if err != nil {
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.KindInvalid && e.Kind != apperr.KindTooLarge {
			return err
		}
		lang := info(r).lang
		msg := s.Cat.T(lang, e.Key, e.Args)
		for _, f := range e.Fields {
			msg = s.Cat.T(lang, f.Key, f.Args)
		}
		return s.renderPolicy(w, r, id, statusOf(e), msg)
	}
	http.Redirect(w, r, "/policies/"+strconv.FormatInt(id, 10)+"?saved=1#attachments", http.StatusSeeOther)
	return nil
}
