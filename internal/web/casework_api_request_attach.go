package web

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"

	"chuhai/internal/apperr"
	"chuhai/internal/casework"
)

// apiRequestAttach attaches the files of a multipart form to a request.
func (s *Server) apiRequestAttach(w http.ResponseWriter, r *http.Request) error {
	ups, err := readUploads(r, "file")
	if err != nil {
		return err
	}
	as, err := s.Casework.AddAttachments(r.Context(), r.PathValue("ref"), ups)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, as)
}

// readUploads reads the files of a multipart form's field. What the client says a file's type is
// plays no part: casework reads the type from the content.
func readUploads(r *http.Request, field string) ([]casework.Upload, error) {
	if err := r.ParseMultipartForm(casework.MaxAttachmentBytes); err != nil {
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return nil, err
		case errors.Is(err, http.ErrNotMultipart):
			return nil, nil // a form without files
		}
		return nil, apperr.Invalid(apperr.F(field, "casework.upload.multipart"))
	}
	var ups []casework.Upload
	for _, fh := range r.MultipartForm.File[field] {
		if fh.Size == 0 && fh.Filename == "" {
			continue // an empty file input
		}
		if fh.Size > casework.MaxAttachmentBytes {
			return nil, apperr.Invalid(apperr.F(field, "casework.attachment.too_big", "Max", "10 MiB"))
		}
		data, err := readPart(fh)
		if err != nil {
			return nil, err
		}
		ups = append(ups, casework.Upload{Name: fh.Filename, Content: data})
	}
	return ups, nil
}

func readPart(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, casework.MaxAttachmentBytes+1))
}
