package web

import (
	"net/http"

	"chuhai/internal/apperr"
	"chuhai/internal/knowledge"
)

// apiGuideDiff compares two versions of a guide.
func (s *Server) apiGuideDiff(w http.ResponseWriter, r *http.Request) error {
	d, err := s.compareGuide(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

// compareGuide reads ?from= and ?to= (a version number, or "draft" for the working copy, which only
// editors may compare with) and compares them.
func (s *Server) compareGuide(r *http.Request) (knowledge.GuideDiff, error) {
	country, err := pathCountry(r)
	if err != nil {
		return knowledge.GuideDiff{}, err
	}
	from, ferr := queryInt(r, "from")
	to := 0
	var terr error
	if r.URL.Query().Get("to") == "draft" {
		if !mayEditKnowledge(r) {
			return knowledge.GuideDiff{}, apperr.ErrForbidden
		}
	} else if to, terr = queryInt(r, "to"); terr == nil && to == 0 {
		terr = apperr.Invalid(apperr.F("to", "error.required"))
	}
	if from == 0 && ferr == nil {
		ferr = apperr.Invalid(apperr.F("from", "error.required"))
	}
	if err := joinInvalid(ferr, terr); err != nil {
		return knowledge.GuideDiff{}, err
	}
	return s.Knowledge.CompareGuide(r.Context(), country, from, to)
}
