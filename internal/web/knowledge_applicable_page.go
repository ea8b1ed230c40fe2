package web

import (
	"net/http"

	"chuhai/internal/knowledge"
)

type applicableView struct {
	knowledge.Applicable
	Profile  []string // the profile as the page states it
	Policies []applicableRow
	Possible []applicableRow
	Alerts   []applicableAlertRow
}

type applicableRow struct {
	Policy  knowledge.Policy
	Reasons []string
	Missing []string // catalogue ids of the dimensions the profile is silent on
}

type applicableAlertRow struct {
	Alert   knowledge.Alert
	Country nameView
	Reasons []string
}

// applicablePage shows what applies to an enterprise, each item with why.
func (s *Server) applicablePage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.applicable(r)
	if err != nil {
		return err
	}
	ref, err := s.networkRef(r.Context())
	if err != nil {
		return err
	}
	lang := info(r).lang
	pick := func(n nameView) string {
		if lang == "en" && n.En != "" {
			return n.En
		}
		return n.Zh
	}
	// name states a reason in the reader's language: "区县：徐汇区".
	name := func(rs knowledge.Reason) string {
		value := rs.Value
		switch rs.Dimension {
		case knowledge.DimDistrict, knowledge.DimCountry:
			value = pick(ref.region(rs.Value))
		case knowledge.DimTopic:
			value = pick(ref.topicNames([]string{rs.Value})[0])
		case knowledge.DimSize:
			value = s.Cat.T(lang, "knowledge.size."+rs.Value, nil)
		case knowledge.DimOwnership:
			value = s.Cat.T(lang, "knowledge.ownership."+rs.Value, nil)
		case knowledge.DimAll:
			return s.Cat.T(lang, "knowledge.policy.applies_all", nil)
		}
		return s.Cat.T(lang, "knowledge.reason", map[string]any{"Dimension": s.Cat.T(lang, "knowledge.dim."+rs.Dimension, nil), "Value": value})
	}
	names := func(rs []knowledge.Reason) []string {
		var out []string
		for _, x := range rs {
			out = append(out, name(x))
		}
		return out
	}
	v := applicableView{Applicable: a}
	p := a.Profile
	for _, x := range []knowledge.Reason{{Dimension: knowledge.DimDistrict, Value: p.District}, {Dimension: knowledge.DimIndustry, Value: p.Industry},
		{Dimension: knowledge.DimSize, Value: p.Size}, {Dimension: knowledge.DimOwnership, Value: p.Ownership}} {
		if x.Value != "" {
			v.Profile = append(v.Profile, name(x))
		}
	}
	for _, c := range p.Markets {
		v.Profile = append(v.Profile, name(knowledge.Reason{Dimension: knowledge.DimCountry, Value: c}))
	}
	row := func(ap knowledge.ApplicablePolicy) applicableRow {
		r := applicableRow{Policy: ap.Policy, Reasons: names(ap.Match.Reasons)}
		for _, m := range ap.Match.Missing {
			r.Missing = append(r.Missing, "knowledge.dim."+m)
		}
		return r
	}
	for _, ap := range a.Policies {
		v.Policies = append(v.Policies, row(ap))
	}
	for _, ap := range a.Possible {
		v.Possible = append(v.Possible, row(ap))
	}
	for _, al := range a.Alerts {
		v.Alerts = append(v.Alerts, applicableAlertRow{Alert: al.Alert, Country: ref.region(al.Alert.Country), Reasons: names(al.Reasons)})
	}
	return s.render(w, r, "applicable", "knowledge.applicable.title", v)
}
