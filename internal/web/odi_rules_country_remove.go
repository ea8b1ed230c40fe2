package web

import (
	"net/http"
	"slices"

	"chuhai/internal/apperr"
	"chuhai/internal/odi"
)

// odiRulesCountryRemove takes a country or region off an authority's list (POST
// /odi/rules/{authority}/countries/{code}/delete).
func (s *Server) odiRulesCountryRemove(w http.ResponseWriter, r *http.Request) error {
	a, err := authorityOf(r)
	if err != nil {
		return err
	}
	code := r.PathValue("code")
	return s.editRules(w, r, a+"-remove", func(rules *odi.Rules) error {
		l := sensitivity(rules, a)
		i := slices.IndexFunc(l.Countries, func(c odi.SensitiveCountry) bool { return c.Code == code })
		if i < 0 {
			return apperr.NotFound("sensitive country " + code)
		}
		l.Countries = slices.Delete(l.Countries, i, i+1)
		return nil
	})
}
