package web

import (
	"net/http"
	"strings"

	"chuhai/internal/knowledge"
)

// apiPolicyList lists policies with the library's filters; editors also see drafts.
func (s *Server) apiPolicyList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	f := policyFilter(r)
	f.Limit, f.Offset = pg.PerPage, pg.Offset()
	ps, total, err := s.Knowledge.ListPolicies(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[knowledge.Policy]{Items: ps, Page: pg.Page, PerPage: pg.PerPage, Total: total})
}

// policyFilter reads the library's filters from the query string, the same on the page and the API.
func policyFilter(r *http.Request) knowledge.PolicyFilter {
	q := r.URL.Query()
	get := func(name string) string { return strings.TrimSpace(q.Get(name)) }
	return knowledge.PolicyFilter{Status: get("status"), IssuerKind: get("issuer_kind"), Issuer: get("issuer"), Level: get("level"),
		Category: get("category"), Topic: get("topic"), Country: strings.ToUpper(get("country")), District: get("district"),
		Drafts: mayEditKnowledge(r)}
}
