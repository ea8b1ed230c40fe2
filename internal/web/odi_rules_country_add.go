package web

import (
	"net/http"
	"strings"

	"chuhai/internal/odi"
)

// odiRulesCountryAdd adds a sensitive country or region to an authority's list (POST
// /odi/rules/{authority}/countries).
func (s *Server) odiRulesCountryAdd(w http.ResponseWriter, r *http.Request) error {
	a, err := authorityOf(r)
	if err != nil {
		return err
	}
	return s.editRules(w, r, a+"-country", func(rules *odi.Rules) error {
		l := sensitivity(rules, a)
		l.Countries = append(l.Countries, odi.SensitiveCountry{Code: strings.ToUpper(strings.TrimSpace(r.PostForm.Get("code"))),
			Reason: strings.TrimSpace(r.PostForm.Get("reason"))})
		return nil
	})
}
