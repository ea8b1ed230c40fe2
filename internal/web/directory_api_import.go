package web

import (
	"io"
	"net/http"

	"chuhai/internal/directory"
)

// importResponse is an import report with its messages in the caller's language.
type importResponse struct {
	directory.ImportReport
	Errors []importError `json:"errors"`
}

type importError struct {
	directory.RowError
	Message string `json:"message"`
}

func (s *Server) importResponse(lang string, rep directory.ImportReport) importResponse {
	out := importResponse{ImportReport: rep, Errors: make([]importError, len(rep.Errors))}
	for i, e := range rep.Errors {
		out.Errors[i] = importError{RowError: e, Message: s.Cat.T(lang, e.Key, e.Args)}
	}
	return out
}

// apiImport imports enterprises or providers from the request body (xlsx or CSV). An import that
// wrote nothing because rows were invalid answers 422 with the report.
func (s *Server) apiImport(w http.ResponseWriter, r *http.Request) error {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	opts := directory.ImportOptions{DryRun: q.Get("dry_run") == "1", ValidOnly: q.Get("valid_only") == "1"}
	rep, err := s.Directory.Import(dirCtx(r), r.PathValue("kind"), data, opts)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if !rep.Committed && !rep.DryRun {
		status = http.StatusUnprocessableEntity
	}
	return writeJSON(w, status, s.importResponse(info(r).lang, rep))
}
