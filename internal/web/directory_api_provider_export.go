package web

import (
	"io"
	"net/http"
)

// apiProviderExport downloads the filtered providers as xlsx or CSV.
func (s *Server) apiProviderExport(w http.ResponseWriter, r *http.Request) error {
	return s.directoryProviderExport(w, r)
}

// directoryProviderExport is the export behind the API and the download links of the public and
// the staff lists: staff export any status, everyone else verified providers.
func (s *Server) directoryProviderExport(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	format, err := exportFormat(q)
	if err != nil {
		return err
	}
	return sendExport(w, "providers", format, func(out io.Writer) error {
		_, err := s.Directory.ExportProviders(dirCtx(r), providerFilter(q, !info(r).principal.Staff()), format, out)
		return err
	})
}
