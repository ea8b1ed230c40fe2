package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"

	"chuhai/internal/apperr"
	"chuhai/internal/odi"
)

// readUpload reads the multipart field "file": its name and at most one byte more than the limit,
// so that an oversized file is a field error of the domain rather than a truncated upload.
func readUpload(r *http.Request) (string, []byte, error) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, err
		}
		return "", nil, apperr.Invalid(apperr.F("file", "odi.file_empty"))
	}
	f, h, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) {
		return "", nil, apperr.Invalid(apperr.F("file", "odi.file_empty"))
	}
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, odi.MaxUploadBytes+1))
	if err != nil {
		return "", nil, err
	}
	return h.Filename, b, nil
}

// odiDocumentUpload adds a file to a checklist document from the project page (POST
// /odi/projects/{id}/documents/{doc}/files).
func (s *Server) odiDocumentUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := projectID(r)
	if err != nil {
		return err
	}
	doc, err := pathID(r, "doc")
	if err != nil {
		return err
	}
	name, content, err := readUpload(r)
	if err == nil {
		_, err = s.ODI.Upload(r.Context(), id, doc, name, content)
	}
	if err != nil {
		if e, ok := apperr.As(err); ok && e.Kind == apperr.KindInvalid {
			return s.renderProject(w, r, id, fmt.Sprintf("doc-%d", doc), err)
		}
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/odi/projects/%d?saved=upload#doc-%d", id, doc), http.StatusSeeOther)
	return nil
}
