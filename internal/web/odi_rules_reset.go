package web

import "net/http"

// odiRulesReset puts the built-in defaults back in force (POST /odi/rules/reset).
func (s *Server) odiRulesReset(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	version, err := rulesVersion(f)
	if err == nil {
		_, err = s.ODI.ResetRules(r.Context(), version)
	}
	if err != nil {
		return s.renderRules(w, r, "reset", err)
	}
	http.Redirect(w, r, "/odi/rules?saved=1", http.StatusSeeOther)
	return nil
}
