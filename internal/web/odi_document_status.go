package web

import (
	"fmt"
	"net/http"

	"chuhai/internal/odi"
)

// odiDocumentStatus records staff's verdict on a checklist document (POST
// /odi/projects/{id}/documents/{doc}).
func (s *Server) odiDocumentStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := projectID(r)
	if err != nil {
		return err
	}
	doc, err := pathID(r, "doc")
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	version, err := formVersion(f)
	if err == nil {
		_, err = s.ODI.SetDocumentStatus(r.Context(), id, doc, odi.DocumentInput{Status: trimmed(f, "status"), Note: trimmed(f, "note"), Version: version})
	}
	if err != nil {
		return s.renderProject(w, r, id, fmt.Sprintf("doc-%d", doc), err)
	}
	http.Redirect(w, r, fmt.Sprintf("/odi/projects/%d?saved=document#doc-%d", id, doc), http.StatusSeeOther)
	return nil
}
