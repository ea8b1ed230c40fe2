package web

import (
	"net/http"

	"chuhai/internal/apperr"
)

// apiGuideDraftDiscard throws a guide's draft away.
func (s *Server) apiGuideDraftDiscard(w http.ResponseWriter, r *http.Request) error {
	country, err := pathCountry(r)
	if err != nil {
		return err
	}
	version, err := queryInt(r, "version")
	if err == nil && version == 0 {
		err = apperr.Invalid(apperr.F("version", "error.required"))
	}
	if err != nil {
		return err
	}
	if err := s.Knowledge.DiscardDraft(r.Context(), country, version); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
