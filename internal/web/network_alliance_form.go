package web

import (
	"net/http"
	"net/url"
	"slices"

	"chuhai/internal/network"
)

// networkAllianceForm shows the form for a new alliance, or for editing the one in the path.
func (s *Server) networkAllianceForm(w http.ResponseWriter, r *http.Request) error {
	ref, err := s.networkRef(r.Context())
	if err != nil {
		return err
	}
	code := r.PathValue("code")
	if code == "" {
		st := s.allianceForm(r, ref, network.AllianceInput{Scope: network.ScopeDistrict}, "", 0, true)
		return s.render(w, r, "network_alliance_form", "network.alliance.new", st)
	}
	a, err := s.Network.AllianceByCode(r.Context(), code)
	if err != nil {
		return err
	}
	in := network.AllianceInput{Code: a.Code, NameZh: a.NameZh, NameEn: a.NameEn, Scope: a.Scope, OwnerRegion: a.OwnerRegion,
		Regions: a.Regions, DescriptionZh: a.DescriptionZh, DescriptionEn: a.DescriptionEn, FoundedOn: a.FoundedOn}
	return s.render(w, r, "network_alliance_form", "network.alliance.edit", s.allianceForm(r, ref, in, a.Code, a.Version, a.Active))
}

// allianceForm lays out the alliance form with in's values; code is "" for a new alliance.
func (s *Server) allianceForm(r *http.Request, ref *networkRef, in network.AllianceInput, code string, version int, active bool) *formState {
	lang := info(r).lang
	if code != "" {
		in.Code = code // the code of a saved record is fixed, whatever the form sent
	}
	st := &formState{Action: "/network/alliances", Version: version, Cancel: "/network/alliances"}
	if code != "" {
		st.Action, st.Cancel = "/network/alliances/"+url.PathEscape(code), "/network/alliances/"+url.PathEscape(code)
	}
	var scopes []option
	for _, sc := range network.AllianceScopes {
		scopes = append(scopes, option{Value: sc, Key: "network.scope." + sc, Selected: sc == in.Scope})
	}
	group := func(label string, selected func(string) bool, kinds ...string) optGroup {
		g := optGroup{Label: label}
		for _, rg := range ref.ofKind(kinds...) {
			g.Options = append(g.Options, option{Value: rg.Code, Zh: rg.NameZh, En: rg.NameEn, Selected: selected(rg.Code)})
		}
		return g
	}
	isOwner := func(c string) bool { return c == in.OwnerRegion }
	inList := func(c string) bool { return slices.Contains(in.Regions, c) }
	codeField := formField{Lang: lang, Name: "code", Label: "network.field.code", Hint: "network.hint.code", Kind: "text", Value: in.Code,
		MaxLen: 17, Required: true, ReadOnly: code != ""}
	st.Fields = []formField{
		codeField,
		{Lang: lang, Name: "name_zh", Label: "network.field.name_zh", Kind: "text", Value: in.NameZh, MaxLen: 100, Required: true},
		{Lang: lang, Name: "name_en", Label: "network.field.name_en", Kind: "text", Value: in.NameEn, MaxLen: 200, Required: true, InputLan: "en"},
		{Lang: lang, Name: "scope", Label: "network.field.scope", Kind: "select", Required: true, Groups: []optGroup{{Options: scopes}}},
		{Lang: lang, Name: "owner_region", Label: "network.field.owner_region", Hint: "network.hint.owner_region", Kind: "select", Required: true,
			Groups: []optGroup{group("network.region_kind.municipality", isOwner, network.RegionMunicipality),
				group("network.region_kind.district", isOwner, network.RegionDistrict), group("network.region_kind.city", isOwner, network.RegionCity)}},
		{Lang: lang, Name: "regions", Label: "network.field.regions", Hint: "network.hint.regions", Kind: "multiselect",
			Groups: []optGroup{group("network.region_kind.municipality", inList, network.RegionMunicipality),
				group("network.region_kind.district", inList, network.RegionDistrict), group("network.region_kind.province", inList, network.RegionProvince),
				group("network.region_kind.city", inList, network.RegionCity)}},
		{Lang: lang, Name: "founded_on", Label: "network.field.founded_on", Kind: "date", Value: in.FoundedOn, MaxLen: 10},
		{Lang: lang, Name: "description_zh", Label: "network.field.description_zh", Kind: "textarea", Value: in.DescriptionZh, MaxLen: 4000},
		{Lang: lang, Name: "description_en", Label: "network.field.description_en", Kind: "textarea", Value: in.DescriptionEn, MaxLen: 4000, InputLan: "en"},
	}
	if code != "" {
		v := ""
		if active {
			v = "1"
		}
		st.Fields = append(st.Fields, formField{Lang: lang, Name: "active", Label: "network.field.active", Kind: "checkbox", Value: v})
	}
	return st
}
