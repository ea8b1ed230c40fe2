package web

import "net/http"

// apiEnterpriseShow returns an enterprise's profile to those who may see it.
func (s *Server) apiEnterpriseShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	e, err := s.Directory.EnterpriseByID(dirCtx(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}
