package web

import (
	"net/http"
	"net/url"
	"slices"

	"chuhai/internal/network"
)

// networkPointForm shows the form for a new point, or for editing the point in the path.
func (s *Server) networkPointForm(w http.ResponseWriter, r *http.Request) error {
	ref, err := s.networkRef(r.Context())
	if err != nil {
		return err
	}
	code := r.PathValue("code")
	if code == "" {
		st := s.pointForm(r, ref, network.PointInput{Kind: network.DistrictPoint, TimeZone: network.DefaultTimeZone}, "", 0, true)
		return s.render(w, r, "network_point_form", "network.point.new", st)
	}
	p, err := s.Network.PointByCode(r.Context(), code)
	if err != nil {
		return err
	}
	in := network.PointInput{Code: p.Code, Kind: p.Kind, NameZh: p.NameZh, NameEn: p.NameEn, RegionCode: p.RegionCode,
		AddressZh: p.AddressZh, AddressEn: p.AddressEn, OpeningHoursZh: p.OpeningHoursZh, OpeningHoursEn: p.OpeningHoursEn,
		TimeZone: p.TimeZone, Phone: p.Phone, Email: p.Email, NoteZh: p.NoteZh, NoteEn: p.NoteEn, OpenedOn: p.OpenedOn,
		Capabilities: p.Capabilities, Countries: p.Countries}
	return s.render(w, r, "network_point_form", "network.point.edit", s.pointForm(r, ref, in, p.Code, p.Version, p.Active))
}

// pointForm lays out the point form with in's values; code is "" for a new point.
func (s *Server) pointForm(r *http.Request, ref *networkRef, in network.PointInput, code string, version int, active bool) *formState {
	lang := info(r).lang
	if code != "" {
		in.Code = code // the code of a saved record is fixed, whatever the form sent
	}
	st := &formState{Action: "/network/points", Version: version, Cancel: "/network"}
	if code != "" {
		st.Action, st.Cancel = "/network/points/"+url.PathEscape(code), "/network/points/"+url.PathEscape(code)
	}
	var kinds []option
	for _, k := range network.PointKinds {
		kinds = append(kinds, option{Value: k, Key: "network.kind." + k, Selected: k == in.Kind})
	}
	regionGroup := func(label string, kinds ...string) optGroup {
		g := optGroup{Label: label}
		for _, rg := range ref.ofKind(kinds...) {
			g.Options = append(g.Options, option{Value: rg.Code, Zh: rg.NameZh, En: rg.NameEn, Selected: rg.Code == in.RegionCode})
		}
		return g
	}
	var caps []option
	for _, t := range ref.topics {
		caps = append(caps, option{Value: t.Code, Zh: t.NameZh, En: t.NameEn, Selected: slices.Contains(in.Capabilities, t.Code)})
	}
	var countries []option
	for _, c := range ref.ofKind(network.RegionCountry) {
		countries = append(countries, option{Value: c.Code, Zh: c.NameZh + " " + c.Code, En: c.NameEn + " " + c.Code, Selected: slices.Contains(in.Countries, c.Code)})
	}
	text := func(name, label, value string, max int, required bool) formField {
		return formField{Lang: lang, Name: name, Label: label, Kind: "text", Value: value, MaxLen: max, Required: required}
	}
	en := func(f formField) formField { f.InputLan = "en"; return f }
	code0 := text("code", "network.field.code", in.Code, 17, true)
	code0.Hint = "network.hint.code"
	code0.ReadOnly = code != ""
	tz := text("time_zone", "network.field.time_zone", in.TimeZone, 64, false)
	tz.Hint = "network.hint.time_zone"
	opened := text("opened_on", "network.field.opened_on", in.OpenedOn, 10, false)
	opened.Kind = "date"
	phone := text("phone", "network.field.phone", in.Phone, 40, false)
	phone.Kind = "tel"
	email := text("email", "network.field.email", in.Email, 254, false)
	email.Kind = "email"
	area := func(f formField) formField { f.Kind = "textarea"; return f }
	st.Fields = []formField{
		code0,
		{Lang: lang, Name: "kind", Label: "network.field.kind", Kind: "select", Required: true, Groups: []optGroup{{Options: kinds}}},
		text("name_zh", "network.field.name_zh", in.NameZh, 100, true),
		en(text("name_en", "network.field.name_en", in.NameEn, 200, true)),
		{Lang: lang, Name: "region_code", Label: "network.field.region", Hint: "network.hint.region", Kind: "select", Required: true,
			Groups: []optGroup{regionGroup("network.region_kind.municipality", network.RegionMunicipality),
				regionGroup("network.region_kind.district", network.RegionDistrict), regionGroup("network.region_kind.area", network.RegionArea),
				regionGroup("network.region_kind.country", network.RegionCountry)}},
		text("address_zh", "network.field.address_zh", in.AddressZh, 300, false),
		en(text("address_en", "network.field.address_en", in.AddressEn, 300, false)),
		text("opening_hours_zh", "network.field.opening_hours_zh", in.OpeningHoursZh, 200, false),
		en(text("opening_hours_en", "network.field.opening_hours_en", in.OpeningHoursEn, 200, false)),
		tz, phone, email, opened,
		{Lang: lang, Name: "capabilities", Label: "network.field.capabilities", Kind: "checkboxes", Groups: []optGroup{{Options: caps}}},
		{Lang: lang, Name: "countries", Label: "network.field.countries", Hint: "network.hint.countries", Kind: "multiselect", Groups: []optGroup{{Options: countries}}},
		area(text("note_zh", "network.field.note_zh", in.NoteZh, 2000, false)),
		en(area(text("note_en", "network.field.note_en", in.NoteEn, 2000, false))),
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
