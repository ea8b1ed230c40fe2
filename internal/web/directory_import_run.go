package web

import (
	"errors"
	"io"
	"net/http"

	"chuhai/internal/apperr"
	"chuhai/internal/directory"
)

// directoryImportRun previews or imports an uploaded spreadsheet and shows the report: every error
// by row, column and message, and what each valid row would do. The file travels with each submit
// (nothing is kept between the preview and the import), so what is imported is exactly the file
// the user chose.
func (s *Server) directoryImportRun(w http.ResponseWriter, r *http.Request) error {
	lang := info(r).lang
	page := importPage{MaxMB: directory.MaxImportBytes >> 20}
	if err := r.ParseMultipartForm(importMaxBody); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return apperr.New(apperr.KindInvalid, "error.bad_form")
	}
	page.Kind = r.FormValue("kind")
	action := r.FormValue("action")
	opts := directory.ImportOptions{DryRun: action == "preview", ValidOnly: action == "valid_only"}
	status := http.StatusOK
	rep, err := func() (directory.ImportReport, error) {
		file, _, err := r.FormFile("file")
		if err != nil {
			return directory.ImportReport{}, apperr.Invalid(apperr.F("file", "directory.import.empty"))
		}
		defer file.Close()
		data, err := io.ReadAll(io.LimitReader(file, directory.MaxImportBytes+1))
		if err != nil {
			return directory.ImportReport{}, err
		}
		return s.Directory.Import(dirCtx(r), page.Kind, data, opts)
	}()
	if e, ok := apperr.As(err); ok && e.Kind == apperr.KindInvalid {
		msgs := ""
		for _, fe := range e.Fields {
			msgs += s.Cat.T(lang, fe.Key, fe.Args) + " "
		}
		if msgs == "" {
			msgs = s.Cat.T(lang, e.Key, e.Args)
		}
		page.FileError = msgs
		status = http.StatusBadRequest
	} else if err != nil {
		return err
	} else {
		page.Report = &rep
		page.Errors = s.importResponse(lang, rep).Errors
		if !rep.Committed && !rep.DryRun {
			status = http.StatusUnprocessableEntity
		}
	}
	s.renderStatus(w, r, status, "directory_import", page, "directory.import.title")
	return nil
}
