package web

import (
	"net/http"
	"slices"

	"chuhai/internal/apperr"
	"chuhai/internal/odi"
)

// odiRulesIndustryRemove takes an industry off an authority's list (POST
// /odi/rules/{authority}/industries/{division}/delete).
func (s *Server) odiRulesIndustryRemove(w http.ResponseWriter, r *http.Request) error {
	a, err := authorityOf(r)
	if err != nil {
		return err
	}
	division := r.PathValue("division")
	return s.editRules(w, r, a+"-remove", func(rules *odi.Rules) error {
		l := sensitivity(rules, a)
		i := slices.IndexFunc(l.Industries, func(in odi.SensitiveIndustry) bool { return in.Division == division })
		if i < 0 {
			return apperr.NotFound("sensitive industry " + division)
		}
		l.Industries = slices.Delete(l.Industries, i, i+1)
		return nil
	})
}
