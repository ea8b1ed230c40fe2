package web

import (
	"net/http"

	"chuhai/internal/directory"
)

type importPage struct {
	Kind      string
	MaxMB     int
	FileError string
	Report    *directory.ImportReport
	Errors    []importError
}

// directoryImportForm is the import page: choose what the file holds, preview it, import it.
func (s *Server) directoryImportForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "directory_import", "directory.import.title", importPage{Kind: r.URL.Query().Get("kind"), MaxMB: directory.MaxImportBytes >> 20})
}
