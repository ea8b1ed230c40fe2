package web

import (
	"net/http"

	"chuhai/internal/odi"
)

// apiODIAssess answers POST /api/v1/odi/assessments: the route of a described project under the
// rules in force, in the request's language. Nothing is stored.
func (s *Server) apiODIAssess(w http.ResponseWriter, r *http.Request) error {
	var req AssessmentRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	p, missing := req.project()
	if err := validateAssessment(p, missing); err != nil {
		return err
	}
	rules, err := s.ODI.CurrentRules(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.assessmentResult(info(r).lang, odi.Assess(p, rules.Rules)))
}
