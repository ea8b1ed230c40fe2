package web

import (
	"net/http"

	"chuhai/internal/knowledge"
	"chuhai/internal/network"
)

type policyListView struct {
	Filter     knowledge.PolicyFilter
	Policies   []policyRow
	Pager      pager
	CanEdit    bool
	Statuses   []string
	Kinds      []string
	Levels     []string
	Categories []string
	Topics     []network.Topic
	Countries  []network.Region
	Districts  []network.Region
}

type policyRow struct {
	knowledge.Policy
	Countries []nameView
}

// policyList is the policy library with its filters; editors also see drafts.
func (s *Server) policyList(w http.ResponseWriter, r *http.Request) error {
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
	ref, err := s.networkRef(r.Context())
	if err != nil {
		return err
	}
	v := policyListView{Filter: f, Pager: newPager(r, pg, total), CanEdit: mayEditKnowledge(r), Statuses: knowledge.Statuses,
		Kinds: knowledge.IssuerKinds, Levels: knowledge.Levels, Categories: knowledge.Categories, Topics: ref.topics,
		Countries: ref.ofKind(network.RegionCountry), Districts: ref.ofKind(network.RegionDistrict)}
	for _, p := range ps {
		v.Policies = append(v.Policies, policyRow{Policy: p, Countries: ref.regionNames(p.Applies.Countries)})
	}
	return s.render(w, r, "policies", "knowledge.policies.title", v)
}
