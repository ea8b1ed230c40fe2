package web

import (
	"io"
	"net/http"

	"chuhai/internal/directory"
)

// directoryImportTemplate downloads an empty spreadsheet with the import's column headers.
func (s *Server) directoryImportTemplate(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	format, err := exportFormat(q)
	if err != nil {
		return err
	}
	kind := q.Get("kind")
	return sendExport(w, kind+"-template", format, func(out io.Writer) error {
		return directory.WriteTemplate(kind, format, out)
	})
}
