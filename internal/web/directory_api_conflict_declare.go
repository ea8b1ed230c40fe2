package web

import "net/http"

// apiConflictDeclare declares a provider's conflict of interest with an enterprise.
func (s *Server) apiConflictDeclare(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var d conflictDeclaration
	if err := decodeJSON(r, &d); err != nil {
		return err
	}
	if err := s.Directory.DeclareConflict(dirCtx(r), id, d.EnterpriseID, d.Reason); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
