package knowledge

import (
	"context"
	"slices"
	"strings"

	"chuhai/internal/auth"
)

// Profile is what "what applies to me" needs to know about an enterprise. The directory holds it; the
// web layer fills it in, so that knowledge depends on no other package's tables. Industry is a GB/T
// 4754 code (C, or C38); Size and Ownership use the codes in Sizes and Ownerships; Markets are ISO
// 3166-1 codes of target countries; Topics are the network's topic codes the enterprise works on.
type Profile struct {
	EnterpriseID int64    `json:"enterprise_id"`
	District     string   `json:"district"`
	Industry     string   `json:"industry"`
	Size         string   `json:"size"`
	Ownership    string   `json:"ownership"`
	Markets      []string `json:"markets"`
	Topics       []string `json:"topics"`
}

// Reason is one ground on which something matched: a dimension and the value that matched it, or the
// dimension "all" for a policy that is open to every enterprise.
type Reason struct {
	Dimension string `json:"dimension"`
	Value     string `json:"value,omitempty"`
}

// DimAll is the reason of a policy that restricts nothing.
const DimAll = "all"

// Outcomes of matching a policy against a profile.
const (
	Applies   = "applies"   // every dimension the policy restricts matches the profile
	MayApply  = "may_apply" // nothing contradicts, but the profile is silent on some restricted dimension
	NotForYou = "no"
)

// Match is the outcome of matching a policy's applicability against a profile, with its grounds.
type Match struct {
	Outcome string   `json:"outcome"`
	Reasons []Reason `json:"reasons"`
	Missing []string `json:"missing,omitempty"` // restricted dimensions the profile says nothing about
}

// MatchPolicy matches applicability against a profile. Within a dimension any listed value matches;
// an industry section matches every division in it (C matches C38); a dimension the policy leaves
// empty does not restrict.
func MatchPolicy(a Applicability, p Profile) Match {
	m := Match{Outcome: Applies, Reasons: []Reason{}}
	restricted := false
	for _, d := range a.dimensions() {
		if len(d.values) == 0 {
			continue
		}
		restricted = true
		have := p.values(d.name)
		if len(have) == 0 {
			m.Missing = append(m.Missing, d.name)
			continue
		}
		var hits []string
		for _, h := range have {
			for _, want := range d.values {
				if h == want || d.name == DimIndustry && strings.HasPrefix(h, want) {
					hits = append(hits, want)
				}
			}
		}
		if len(hits) == 0 {
			return Match{Outcome: NotForYou, Reasons: []Reason{}}
		}
		slices.Sort(hits)
		for _, h := range slices.Compact(hits) {
			m.Reasons = append(m.Reasons, Reason{Dimension: d.name, Value: h})
		}
	}
	if !restricted {
		m.Reasons = append(m.Reasons, Reason{Dimension: DimAll})
	}
	if len(m.Missing) > 0 {
		m.Outcome = MayApply
	}
	return m
}

// values returns the profile's values in a dimension.
func (p Profile) values(dim string) []string {
	one := func(s string) []string {
		s = strings.TrimSpace(s)
		if s == "" {
			return nil
		}
		return []string{s}
	}
	switch dim {
	case DimDistrict:
		return one(p.District)
	case DimIndustry:
		return one(strings.ToUpper(p.Industry))
	case DimSize:
		return one(p.Size)
	case DimOwnership:
		return one(p.Ownership)
	case DimCountry:
		var out []string
		for _, c := range p.Markets {
			out = append(out, normCode(c))
		}
		return out
	case DimTopic:
		return p.Topics
	}
	return nil
}

// ApplicablePolicy is a policy in force with why it matched.
type ApplicablePolicy struct {
	Policy Policy `json:"policy"`
	Match  Match  `json:"match"`
}

// ApplicableAlert is an alert in force for one of the enterprise's markets.
type ApplicableAlert struct {
	Alert   Alert    `json:"alert"`
	Reasons []Reason `json:"reasons"`
}

// Applicable answers "what applies to me": the published policies in force today that match the
// profile (Policies) or may match once the profile is complete (Possible), and the alerts in force
// for its markets — each with its reasons.
type Applicable struct {
	Profile  Profile            `json:"profile"`
	Policies []ApplicablePolicy `json:"policies"`
	Possible []ApplicablePolicy `json:"possible"`
	Alerts   []ApplicableAlert  `json:"alerts"`
}

// ApplicableTo matches every policy in force and every active alert against a profile.
func (s *Store) ApplicableTo(ctx context.Context, p Profile) (Applicable, error) {
	out := Applicable{Profile: p, Policies: []ApplicablePolicy{}, Possible: []ApplicablePolicy{}, Alerts: []ApplicableAlert{}}
	for offset := 0; ; offset += 500 {
		ps, total, err := s.ListPolicies(ctx, PolicyFilter{Status: StatusInForce, Limit: 500, Offset: offset})
		if err != nil {
			return out, err
		}
		for _, pol := range ps {
			switch m := MatchPolicy(pol.Applies, p); m.Outcome {
			case Applies:
				out.Policies = append(out.Policies, ApplicablePolicy{Policy: pol, Match: m})
			case MayApply:
				out.Possible = append(out.Possible, ApplicablePolicy{Policy: pol, Match: m})
			}
		}
		if offset+500 >= total {
			break
		}
	}
	alerts, err := s.ActiveAlerts(ctx, p.values(DimCountry))
	if err != nil {
		return out, err
	}
	for _, a := range alerts {
		out.Alerts = append(out.Alerts, ApplicableAlert{Alert: a, Reasons: []Reason{{Dimension: DimCountry, Value: a.Country}}})
	}
	return out, nil
}

// Profiles gives "what applies to me" the profile of an enterprise; app builds it from the directory.
type Profiles interface {
	Profile(ctx context.Context, enterpriseID int64) (Profile, error)
}

// MayViewApplicable reports whether p may see what applies to an enterprise: its own users, and staff,
// who advise enterprises at the windows; the answer reveals the enterprise's profile.
func MayViewApplicable(p *auth.Principal, enterpriseID int64) bool {
	return p.CanActForEnterprise(enterpriseID) || p.Staff()
}
