package web

import (
	"net/http"
	"strings"

	"chuhai/internal/odi"
)

// odiRulesIndustryAdd adds a sensitive industry to an authority's list (POST
// /odi/rules/{authority}/industries).
func (s *Server) odiRulesIndustryAdd(w http.ResponseWriter, r *http.Request) error {
	a, err := authorityOf(r)
	if err != nil {
		return err
	}
	return s.editRules(w, r, a+"-industry", func(rules *odi.Rules) error {
		l := sensitivity(rules, a)
		division := odi.NormalizeIndustry(r.PostForm.Get("division"))
		if division == "" {
			division = strings.ToUpper(strings.TrimSpace(r.PostForm.Get("division")))
		}
		l.Industries = append(l.Industries, odi.SensitiveIndustry{Division: division, Category: strings.TrimSpace(r.PostForm.Get("category")),
			Scope: strings.TrimSpace(r.PostForm.Get("scope"))})
		return nil
	})
}
