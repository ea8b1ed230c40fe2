package web

import (
	"net/http"

	"chuhai/internal/apperr"
	"chuhai/internal/knowledge"
)

// apiApplicable answers "what applies to me" for an enterprise.
func (s *Server) apiApplicable(w http.ResponseWriter, r *http.Request) error {
	a, err := s.applicable(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

// applicable reads the enterprise in the path, checks the caller may see it, and matches its profile.
func (s *Server) applicable(r *http.Request) (knowledge.Applicable, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return knowledge.Applicable{}, err
	}
	if !knowledge.MayViewApplicable(info(r).principal, id) {
		return knowledge.Applicable{}, apperr.ErrForbidden
	}
	p, err := s.Profiles.Profile(r.Context(), id)
	if err != nil {
		return knowledge.Applicable{}, err
	}
	return s.Knowledge.ApplicableTo(r.Context(), p)
}
