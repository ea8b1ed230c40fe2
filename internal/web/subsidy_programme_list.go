package web

import (
	"net/http"

	"chuhai/internal/auth"
	"chuhai/internal/subsidy"
)

type subsidyProgrammeListData struct {
	Programmes []programmeView
	Pager      pager
	CanCreate  bool
}

// programmeView is a programme with its codes resolved to names.
type programmeView struct {
	subsidy.Programme
	OwnerName subsidy.Name
	Rate      string
	Ceiling   string
	Rules     []ruleView
	CanOwn    bool
	CanReview bool
	Balances  *subsidy.Balances
	NoInvoice bool
	IsVoucher bool
	IsProRata bool
	CanApply  bool // an enterprise user may apply here for a reward (review-based programmes)
}

// ruleView is one eligibility rule in words: a catalogue label and the names it lists.
type ruleView struct {
	Label string
	Value subsidy.Name
}

func (s *Server) programmeView(r *http.Request, p subsidy.Programme, names subsidy.Names) programmeView {
	ctx := r.Context()
	v := programmeView{Programme: p, OwnerName: names.Regions[p.Owner], Rate: subsidy.Percent(p.RateBP), Ceiling: subsidy.Percent(p.CeilingBP),
		CanOwn: info(r).principal != nil && s.Subsidy.MayOwn(ctx, p.Owner), CanReview: info(r).principal.Staff() && s.Subsidy.MayReview(ctx, p.Owner),
		IsVoucher: p.Kind == subsidy.KindVoucher, IsProRata: p.Allocation == subsidy.ProRata,
		CanApply: p.Kind == subsidy.KindReview && p.Active && info(r).principal.Role.Scope() == auth.ScopeEnterprise}
	list := func(label string, codes []string, m map[string]subsidy.Name) {
		if len(codes) == 0 {
			return
		}
		zh, en := "", ""
		for i, c := range codes {
			n, ok := m[c]
			if !ok {
				n = subsidy.Name{Zh: c, En: c}
			}
			if i > 0 {
				zh, en = zh+"、", en+", "
			}
			zh, en = zh+n.Zh, en+n.En
		}
		v.Rules = append(v.Rules, ruleView{Label: label, Value: subsidy.Name{Zh: zh, En: en}})
	}
	sizes := map[string]subsidy.Name{"large": {Zh: "大型", En: "large"}, "medium": {Zh: "中型", En: "medium"}, "small": {Zh: "小型", En: "small"}, "micro": {Zh: "微型", En: "micro"}}
	ru := p.Rules
	list("subsidy.rule.home_districts", ru.HomeDistricts, names.Regions)
	list("subsidy.rule.areas", ru.Areas, names.Regions)
	list("subsidy.rule.sizes", ru.Sizes, sizes)
	list("subsidy.rule.industries", ru.Industries, nil)
	list("subsidy.rule.categories", ru.Categories, names.Categories)
	list("subsidy.rule.provider_districts", ru.ProviderDistricts, names.Regions)
	list("subsidy.rule.provider_alliances", ru.ProviderAlliances, names.Alliances)
	if ru.MinSpendFen > 0 {
		v.Rules = append(v.Rules, ruleView{Label: "subsidy.rule.min_spend", Value: subsidy.Name{Zh: ru.MinSpendFen.String() + " 元", En: ru.MinSpendFen.String() + " yuan"}})
	}
	return v
}

// subsidyProgrammeList lists the programmes: what public support exists, on what terms.
func (s *Server) subsidyProgrammeList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	p := info(r).principal
	ps, total, err := s.Subsidy.ListProgrammes(r.Context(), subsidy.ProgrammeFilter{Owner: r.URL.Query().Get("owner"),
		IncludeInactive: p.Staff(), Limit: pg.PerPage, Offset: pg.Offset()})
	if err != nil {
		return err
	}
	names, err := s.Subsidy.Names(r.Context())
	if err != nil {
		return err
	}
	d := subsidyProgrammeListData{Pager: newPager(r, pg, total), CanCreate: p != nil && (p.CityWide() || p.Role == "point_lead")}
	for _, x := range ps {
		d.Programmes = append(d.Programmes, s.programmeView(r, x, names))
	}
	return s.render(w, r, "subsidy_programmes", "subsidy.programmes.title", d)
}
