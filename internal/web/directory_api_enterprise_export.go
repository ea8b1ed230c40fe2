package web

import (
	"io"
	"net/http"
)

// apiEnterpriseExport downloads the filtered enterprises as xlsx or CSV.
func (s *Server) apiEnterpriseExport(w http.ResponseWriter, r *http.Request) error {
	return s.exportEnterprises(w, r)
}

// exportEnterprises is the export behind the API and the console's download links.
func (s *Server) exportEnterprises(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	format, err := exportFormat(q)
	if err != nil {
		return err
	}
	return sendExport(w, "enterprises", format, func(out io.Writer) error {
		_, err := s.Directory.ExportEnterprises(dirCtx(r), enterpriseFilter(q), format, out)
		return err
	})
}
