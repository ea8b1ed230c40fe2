package odi

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"chuhai/internal/apperr"
	"chuhai/internal/money"
)

// Rules are the data the route decision depends on. Defaults come from DOMAIN.md §2 (DefaultRules);
// coordinators may edit them, and ValidateRules checks every edit.
type Rules struct {
	// ThresholdUSD is the Chinese-side investment at and above which a local enterprise files with
	// NDRC instead of the provincial DRC, and an overseas subsidiary's project must be reported.
	ThresholdUSD money.Cents `json:"threshold_usd_cents" toml:"threshold_usd_cents"`
	// NearThresholdBP warns when the Chinese-side investment is within this share of the threshold.
	NearThresholdBP int64       `json:"near_threshold_bp" toml:"near_threshold_bp"`
	NDRC            Sensitivity `json:"ndrc" toml:"ndrc"`
	MOFCOM          Sensitivity `json:"mofcom" toml:"mofcom"`
	TimeLimits      TimeLimits  `json:"time_limits" toml:"time_limits"`
	Documents       []Document  `json:"documents" toml:"documents"`
	Checklists      Checklists  `json:"checklists" toml:"checklists"`
}

// Sensitivity is one authority's lists of sensitive countries and industries; NDRC's and MOFCOM's
// differ.
type Sensitivity struct {
	Countries  []SensitiveCountry  `json:"countries" toml:"countries"`
	Industries []SensitiveIndustry `json:"industries" toml:"industries"`
}

// SensitiveCountry is a sensitive country or region and why.
type SensitiveCountry struct {
	Code   string `json:"code" toml:"code"`     // ISO 3166-1 alpha-2
	Reason string `json:"reason" toml:"reason"` // see vocabulary.tsv: no_diplomatic_relations, war_or_unrest, ...
}

// Industry scopes.
const (
	ScopeWhole = "whole" // every project in the division is sensitive
	ScopePart  = "part"  // some activities in the division are: staff check, and override if so
)

// SensitiveIndustry maps a sensitive category onto a GB/T 4754-2017 division.
type SensitiveIndustry struct {
	Division string `json:"division" toml:"division"` // e.g. K70
	Category string `json:"category" toml:"category"` // see vocabulary.tsv: real_estate, hotels, ...
	Scope    string `json:"scope" toml:"scope"`
}

// TimeLimits are statutory limits in working days. The *Confirmed flags say whether the figure was
// checked against the order's text; unconfirmed figures are shown with a warning.
type TimeLimits struct {
	NDRCApproval            int  `json:"ndrc_approval" toml:"ndrc_approval"`
	NDRCApprovalExtension   int  `json:"ndrc_approval_extension" toml:"ndrc_approval_extension"`
	NDRCAcceptance          int  `json:"ndrc_acceptance" toml:"ndrc_acceptance"`
	NDRCFiling              int  `json:"ndrc_filing" toml:"ndrc_filing"`
	NDRCFilingConfirmed     bool `json:"ndrc_filing_confirmed" toml:"ndrc_filing_confirmed"`
	NDRCCompletionReport    int  `json:"ndrc_completion_report" toml:"ndrc_completion_report"`
	MOFCOMFiling            int  `json:"mofcom_filing" toml:"mofcom_filing"`
	MOFCOMApprovalCentral   int  `json:"mofcom_approval_central" toml:"mofcom_approval_central"`
	MOFCOMApprovalLocal     int  `json:"mofcom_approval_local" toml:"mofcom_approval_local"`
	MOFCOMApprovalConfirmed bool `json:"mofcom_approval_confirmed" toml:"mofcom_approval_confirmed"`
}

// Document is a document a step asks for.
type Document struct {
	ID string `json:"id" toml:"id"`
	Name
}

// Checklist is a step's documents: always Base; MA for mergers and acquisitions; SensitiveIndustry
// when the authority's industry flag is set; AfterNDRC and AfterMOFCOM (the results of those steps)
// when those steps grant an approval or filing.
type Checklist struct {
	Base              []string `json:"base" toml:"base"`
	MA                []string `json:"ma,omitempty" toml:"ma"`
	SensitiveIndustry []string `json:"sensitive_industry,omitempty" toml:"sensitive_industry"`
	AfterNDRC         []string `json:"after_ndrc,omitempty" toml:"after_ndrc"`
	AfterMOFCOM       []string `json:"after_mofcom,omitempty" toml:"after_mofcom"`
}

// Checklists are the checklists of every kind of step.
type Checklists struct {
	NDRCApproval     Checklist `json:"ndrc_approval" toml:"ndrc_approval"`
	NDRCFiling       Checklist `json:"ndrc_filing" toml:"ndrc_filing"`
	NDRCReport       Checklist `json:"ndrc_report" toml:"ndrc_report"`
	MOFCOMApproval   Checklist `json:"mofcom_approval" toml:"mofcom_approval"`
	MOFCOMFiling     Checklist `json:"mofcom_filing" toml:"mofcom_filing"`
	MOFCOMReport     Checklist `json:"mofcom_report" toml:"mofcom_report"`
	SAFERegistration Checklist `json:"safe_registration" toml:"safe_registration"`
}

func (c Checklists) all() []struct {
	name string
	list Checklist
} {
	return []struct {
		name string
		list Checklist
	}{
		{"ndrc_approval", c.NDRCApproval}, {"ndrc_filing", c.NDRCFiling}, {"ndrc_report", c.NDRCReport},
		{"mofcom_approval", c.MOFCOMApproval}, {"mofcom_filing", c.MOFCOMFiling}, {"mofcom_report", c.MOFCOMReport},
		{"safe_registration", c.SAFERegistration},
	}
}

var defaults = sync.OnceValue(func() Rules {
	b, err := data.ReadFile("data/rules.toml")
	if err != nil {
		panic(err)
	}
	var r Rules
	md, err := toml.Decode(string(b), &r)
	if err != nil {
		panic(fmt.Sprintf("data/rules.toml: %v", err))
	}
	if extra := md.Undecoded(); len(extra) > 0 {
		panic(fmt.Sprintf("data/rules.toml: unknown keys %v", extra))
	}
	return r
})

// DefaultRules returns the rules prefilled from DOMAIN.md §2 (data/rules.toml): a fresh copy each
// call, so callers may edit it.
func DefaultRules() Rules { return defaults().clone() }

func (r Rules) clone() Rules {
	c := r
	c.NDRC = Sensitivity{Countries: slices.Clone(r.NDRC.Countries), Industries: slices.Clone(r.NDRC.Industries)}
	c.MOFCOM = Sensitivity{Countries: slices.Clone(r.MOFCOM.Countries), Industries: slices.Clone(r.MOFCOM.Industries)}
	c.Documents = slices.Clone(r.Documents)
	lists := []*Checklist{&c.Checklists.NDRCApproval, &c.Checklists.NDRCFiling, &c.Checklists.NDRCReport,
		&c.Checklists.MOFCOMApproval, &c.Checklists.MOFCOMFiling, &c.Checklists.MOFCOMReport, &c.Checklists.SAFERegistration}
	for _, l := range lists {
		*l = Checklist{Base: slices.Clone(l.Base), MA: slices.Clone(l.MA), SensitiveIndustry: slices.Clone(l.SensitiveIndustry),
			AfterNDRC: slices.Clone(l.AfterNDRC), AfterMOFCOM: slices.Clone(l.AfterMOFCOM)}
	}
	return c
}

// Bounds on editable rule values.
const (
	maxTimeLimit   = 365
	maxNearBP      = 5000
	maxNameLength  = 200
	MaxInvestment  = money.Cents(100_000_000_000_000) // USD 1 trillion: beyond any real project
	maxReasonRunes = 500
)

// ValidateRules checks rules a coordinator edited; field names follow the JSON form
// ("ndrc.countries[3].code").
func ValidateRules(r Rules) error {
	var v apperr.Validator
	v.Check(r.ThresholdUSD > 0 && r.ThresholdUSD <= MaxInvestment, "threshold_usd_cents", "odi.rules.threshold")
	v.Check(r.NearThresholdBP >= 0 && r.NearThresholdBP <= maxNearBP, "near_threshold_bp", "odi.rules.near_bp", "Max", maxNearBP)
	for _, auth := range []struct {
		name string
		s    Sensitivity
	}{{"ndrc", r.NDRC}, {"mofcom", r.MOFCOM}} {
		seen := map[string]bool{}
		for i, c := range auth.s.Countries {
			f := fmt.Sprintf("%s.countries[%d]", auth.name, i)
			_, known := CountryByCode(c.Code)
			switch {
			case !known || c.Code != strings.ToUpper(c.Code):
				v.Add(f+".code", "odi.country_unknown", "Code", c.Code)
			case c.Code == "CN":
				v.Add(f+".code", "odi.country_domestic")
			case seen[c.Code]:
				v.Add(f+".code", "odi.rules.duplicate", "Code", c.Code)
			}
			seen[c.Code] = true
			v.Check(knownVocab("reason", c.Reason), f+".reason", "error.bad_choice")
		}
		seen = map[string]bool{}
		for i, in := range auth.s.Industries {
			f := fmt.Sprintf("%s.industries[%d]", auth.name, i)
			switch {
			case NormalizeIndustry(in.Division) != in.Division || in.Division == "":
				v.Add(f+".division", "odi.industry_unknown", "Code", in.Division)
			case seen[in.Division]:
				v.Add(f+".division", "odi.rules.duplicate", "Code", in.Division)
			}
			seen[in.Division] = true
			v.Check(knownVocab("category", in.Category), f+".category", "error.bad_choice")
			v.Check(in.Scope == ScopeWhole || in.Scope == ScopePart, f+".scope", "error.bad_choice")
		}
	}
	t := r.TimeLimits
	for _, l := range []struct {
		name string
		n    int
		min  int
	}{
		{"ndrc_approval", t.NDRCApproval, 1}, {"ndrc_approval_extension", t.NDRCApprovalExtension, 0},
		{"ndrc_acceptance", t.NDRCAcceptance, 1}, {"ndrc_filing", t.NDRCFiling, 1},
		{"ndrc_completion_report", t.NDRCCompletionReport, 1}, {"mofcom_filing", t.MOFCOMFiling, 1},
		{"mofcom_approval_central", t.MOFCOMApprovalCentral, 1}, {"mofcom_approval_local", t.MOFCOMApprovalLocal, 1},
	} {
		v.Check(l.n >= l.min && l.n <= maxTimeLimit, "time_limits."+l.name, "odi.rules.time_limit", "Min", l.min, "Max", maxTimeLimit)
	}
	ids := map[string]bool{}
	for i, d := range r.Documents {
		f := fmt.Sprintf("documents[%d]", i)
		switch {
		case !validID(d.ID):
			v.Add(f+".id", "odi.rules.document_id")
		case ids[d.ID]:
			v.Add(f+".id", "odi.rules.duplicate", "Code", d.ID)
		}
		ids[d.ID] = true
		for _, n := range []struct{ field, s string }{{"zh", d.Zh}, {"en", d.En}} {
			switch {
			case strings.TrimSpace(n.s) == "":
				v.Add(f+"."+n.field, "error.required")
			case utf8.RuneCountInString(n.s) > maxNameLength:
				v.Add(f+"."+n.field, "error.too_long", "Max", maxNameLength)
			}
		}
	}
	for _, c := range r.Checklists.all() {
		for _, part := range []struct {
			name string
			ids  []string
		}{{"base", c.list.Base}, {"ma", c.list.MA}, {"sensitive_industry", c.list.SensitiveIndustry},
			{"after_ndrc", c.list.AfterNDRC}, {"after_mofcom", c.list.AfterMOFCOM}} {
			for i, id := range part.ids {
				if !ids[id] {
					v.Add(fmt.Sprintf("checklists.%s.%s[%d]", c.name, part.name, i), "odi.rules.document_unknown", "Code", id)
				}
			}
		}
	}
	return v.Err()
}

func validID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
			return false
		}
	}
	return true
}
