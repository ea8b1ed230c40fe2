package web

import (
	"net/http"

	"chuhai/internal/odi"
)

// odiAssess answers the self-assessment form (POST /odi/assess): the form again with what was typed,
// and the route below it, or the errors beside their fields. Nothing is stored.
func (s *Server) odiAssess(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	st := s.assessForm(r, f)
	p, err := parseAssessForm(f)
	if err == nil {
		var rules odi.RulesRecord
		if rules, err = s.ODI.CurrentRules(r.Context()); err != nil {
			return err
		}
		lang := info(r).lang
		a := odi.Assess(p, rules.Rules)
		return s.render(w, r, "odi_assess", "odi.assess.title", odiAssessPage{Lang: lang, Form: st, Result: s.assessView(lang, a)})
	}
	status, err := s.formFailure(r, renameFields(err, assessInputs), st)
	if err != nil {
		return err
	}
	s.renderStatus(w, r, status, "odi_assess", odiAssessPage{Lang: info(r).lang, Form: st}, "odi.assess.title")
	return nil
}
