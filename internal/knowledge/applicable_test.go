package knowledge

import (
	"context"
	"slices"
	"testing"
)

func TestMatchPolicy(t *testing.T) {
	firm := Profile{District: "310104", Industry: "C38", Size: "medium", Ownership: "private", Markets: []string{"VN", "sa"}, Topics: []string{"odi"}}
	for _, tc := range []struct {
		name    string
		a       Applicability
		p       Profile
		outcome string
		reasons []Reason
		missing []string
	}{
		{"open to all", Applicability{}, firm, Applies, []Reason{{DimAll, ""}}, nil},
		{"home district", Applicability{Districts: []string{"310104", "310106"}}, firm, Applies, []Reason{{DimDistrict, "310104"}}, nil},
		{"another district", Applicability{Districts: []string{"310106"}}, firm, NotForYou, nil, nil},
		{"industry section covers the division", Applicability{Industries: []string{"C"}}, firm, Applies, []Reason{{DimIndustry, "C"}}, nil},
		{"exact division", Applicability{Industries: []string{"C38", "I"}}, firm, Applies, []Reason{{DimIndustry, "C38"}}, nil},
		{"other division", Applicability{Industries: []string{"C39"}}, firm, NotForYou, nil, nil},
		{"markets, each reason", Applicability{Countries: []string{"SA", "VN", "AE"}}, firm, Applies, []Reason{{DimCountry, "SA"}, {DimCountry, "VN"}}, nil},
		{"no market in common", Applicability{Countries: []string{"BR"}}, firm, NotForYou, nil, nil},
		{"everything at once", Applicability{Districts: []string{"310104"}, Sizes: []string{"small", "medium"}, Ownerships: []string{"private"}, Topics: []string{"odi"}},
			firm, Applies, []Reason{{DimDistrict, "310104"}, {DimSize, "medium"}, {DimOwnership, "private"}, {DimTopic, "odi"}}, nil},
		{"one dimension fails", Applicability{Districts: []string{"310104"}, Sizes: []string{"large"}}, firm, NotForYou, nil, nil},
		{"profile silent on size", Applicability{Districts: []string{"310104"}, Sizes: []string{"small"}}, Profile{District: "310104"},
			MayApply, []Reason{{DimDistrict, "310104"}}, []string{DimSize}},
		{"silence does not outweigh a mismatch", Applicability{Districts: []string{"310106"}, Sizes: []string{"small"}}, Profile{District: "310104"},
			NotForYou, nil, nil},
	} {
		m := MatchPolicy(tc.a, tc.p)
		if m.Outcome != tc.outcome || !slices.Equal(m.Reasons, tc.reasons) && !(len(m.Reasons) == 0 && len(tc.reasons) == 0) || !slices.Equal(m.Missing, tc.missing) {
			t.Errorf("%s: %+v, want %s %v missing %v", tc.name, m, tc.outcome, tc.reasons, tc.missing)
		}
	}
}

func TestApplicableToAnEnterprise(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		add := func(title string, edit func(*PolicyInput)) Policy {
			in := samplePolicy(title)
			edit(&in)
			p := must[Policy](t)(f.CreatePolicy(publisher, in))
			return must[Policy](t)(f.PublishPolicy(publisher, p.ID, p.Version))
		}
		xuhui := add("徐汇区专业服务补贴", func(in *PolicyInput) {})
		jingan := add("静安区服务券", func(in *PolicyInput) { in.IssuerCode, in.Applies.Districts = "310106", []string{"310106"} })
		all := add("全市通用措施", func(in *PolicyInput) {
			in.IssuerKind, in.IssuerCode, in.Level, in.Applies = "city", "shanghai", "municipal", Applicability{}
		})
		sme := add("中小企业出海补贴", func(in *PolicyInput) {
			in.Applies = Applicability{Districts: []string{"310104"}, Sizes: []string{"small", "medium"}}
		})
		add("已到期措施", func(in *PolicyInput) {
			in.EffectiveOn, in.ExpiresOn, in.IssuedOn = "2024-01-01", "2025-01-01", "2023-12-01"
		})
		must[Policy](t)(f.CreatePolicy(publisher, samplePolicy("未发布的草稿")))

		a := must[Alert](t)(f.CreateAlert(editor, sampleAlert("VN", "reconsider")))
		vnAlert := must[Alert](t)(f.PublishAlert(publisher, a.ID, a.Version))
		a = must[Alert](t)(f.CreateAlert(editor, sampleAlert("BR", "avoid")))
		must[Alert](t)(f.PublishAlert(publisher, a.ID, a.Version))

		got := must[Applicable](t)(f.ApplicableTo(context.Background(), Profile{EnterpriseID: 7, District: "310104", Markets: []string{"VN"}}))
		var applies, possible []int64
		for _, p := range got.Policies {
			applies = append(applies, p.Policy.ID)
		}
		for _, p := range got.Possible {
			possible = append(possible, p.Policy.ID)
		}
		slices.Sort(applies)
		if want := []int64{xuhui.ID, all.ID}; !slices.Equal(applies, want) {
			t.Errorf("applies %v, want %v (not Jing'an's %d, not expired, not drafts)", applies, want, jingan.ID)
		}
		if !slices.Equal(possible, []int64{sme.ID}) || got.Possible[0].Match.Missing[0] != DimSize {
			t.Errorf("may apply %v", possible)
		}
		if len(got.Alerts) != 1 || got.Alerts[0].Alert.ID != vnAlert.ID || got.Alerts[0].Reasons[0] != (Reason{DimCountry, "VN"}) {
			t.Errorf("alerts %+v", got.Alerts)
		}
	})
}
