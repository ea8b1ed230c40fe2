package web

import (
	"net/http"
	"strconv"

	"chuhai/internal/apperr"
)

// apiRuleDelete removes a routing rule.
func (s *Server) apiRuleDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	version, err := strconv.Atoi(r.URL.Query().Get("version"))
	if err != nil || version < 1 {
		return apperr.Invalid(apperr.F("version", "casework.version.required"))
	}
	if err := s.Casework.DeleteRule(r.Context(), id, version); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
