package web

import "net/http"

// directoryEnterpriseExport downloads the console's filtered list of enterprises.
func (s *Server) directoryEnterpriseExport(w http.ResponseWriter, r *http.Request) error {
	return s.exportEnterprises(w, r)
}
