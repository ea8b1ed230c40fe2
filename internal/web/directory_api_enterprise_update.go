package web

import "net/http"

// apiEnterpriseUpdate replaces an enterprise's profile, refusing a stale version with 409.
func (s *Server) apiEnterpriseUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in enterpriseUpdate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	e, err := s.Directory.UpdateEnterprise(dirCtx(r), id, in.Version, in.EnterpriseInput)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}
