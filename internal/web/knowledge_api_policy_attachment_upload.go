package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"chuhai/internal/apperr"
	"chuhai/internal/knowledge"
)

// apiPolicyAttachmentUpload attaches a PDF sent as multipart/form-data field "file".
func (s *Server) apiPolicyAttachmentUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	name, data, err := uploadedFile(r)
	if err != nil {
		return err
	}
	a, err := s.Knowledge.AddAttachment(r.Context(), id, name, data)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/policies/"+strconv.FormatInt(id, 10)+"/attachments/"+strconv.FormatInt(a.ID, 10))
	return writeJSON(w, http.StatusCreated, a)
}

// uploadedFile reads the "file" part of a multipart form, within the route's body limit.
func uploadedFile(r *http.Request) (string, []byte, error) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, err
		}
		return "", nil, apperr.Invalid(apperr.F("file", "knowledge.attachment_missing"))
	}
	defer r.MultipartForm.RemoveAll()
	f, h, err := r.FormFile("file")
	if err != nil {
		return "", nil, apperr.Invalid(apperr.F("file", "knowledge.attachment_missing"))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, knowledge.MaxAttachmentBytes+1))
	if err != nil {
		return "", nil, err
	}
	return h.Filename, data, nil
}
