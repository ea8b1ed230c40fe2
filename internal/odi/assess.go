package odi

import (
	"slices"

	"chuhai/internal/money"
)

// Regime names the three authorities, in the order a project goes through them.
type Regime string

const (
	RegimeNDRC   Regime = "ndrc"
	RegimeMOFCOM Regime = "mofcom"
	RegimeSAFE   Regime = "safe"
)

// Action is what a step requires: one of the four the issue names for every authority. SAFE's
// foreign-exchange registration (外汇登记) at the bank is a Filing: since Huifa [2015] No. 13 nobody
// weighs it as an approval, the bank records the investment on the documents shown, and it must be
// done before any money moves (so it is more than a report). ActionKey names it as people know it.
type Action string

const (
	Approval Action = "approval" // 核准
	Filing   Action = "filing"   // 备案; for SAFE, the registration at the bank
	Report   Action = "report"   // 报告
	NoAction Action = "none"
)

// ActionKey is the catalogue key that names the action of a step of regime: "odi.action.filing",
// except SAFE's filing, which people call the registration at the bank ("odi.action.registration").
func ActionKey(r Regime, a Action) string {
	if r == RegimeSAFE && a == Filing {
		return "odi.action.registration"
	}
	return "odi.action." + string(a)
}

// Level is who acts.
type Level string

const (
	National   Level = "national"
	Provincial Level = "provincial"
	Bank       Level = "bank"
	NoLevel    Level = ""
)

// Message is text for people: a catalogue key and its template data. Names of countries,
// industries and authorities travel in both languages in the data ("CountryZh", "CountryEn").
type Message struct {
	Key  string         `json:"key"`
	Data map[string]any `json:"data,omitempty"`
}

// Step is what one authority requires.
type Step struct {
	Regime    Regime `json:"regime"`
	Authority string `json:"authority"` // ndrc, provincial_drc, mofcom, provincial_commerce, bank, or ""
	// AuthorityName names the authority (a catalogue key with the province in the data).
	AuthorityName Message `json:"authority_name"`
	Action        Action  `json:"action"`
	Level         Level   `json:"level"`
	// TimeLimitWorkdays is the authority's statutory time limit in working days, counted from
	// acceptance (0: none applies).
	TimeLimitWorkdays int `json:"time_limit_workdays"`
	// ExtensionWorkdays is how far the limit may be extended; AcceptanceWorkdays is the time to
	// accept the application or ask for more documents.
	ExtensionWorkdays  int        `json:"extension_workdays,omitempty"`
	AcceptanceWorkdays int        `json:"acceptance_workdays,omitempty"`
	TimeLimitConfirmed bool       `json:"time_limit_confirmed"`
	Documents          []Document `json:"documents"`
	Basis              []Basis    `json:"basis"`
	Explanation        Message    `json:"explanation"`
	Notes              []Message  `json:"notes,omitempty"`
}

// Flag is one sensitivity flag: what the rules say, and what applies after staff's override.
type Flag struct {
	Rule       bool   `json:"rule"`
	Value      bool   `json:"value"`
	Why        string `json:"why,omitempty"` // the list entry's reason or category
	Overridden bool   `json:"overridden,omitempty"`
	Reason     string `json:"reason,omitempty"` // staff's reason for the override
}

// Flags are the four sensitivity flags.
type Flags struct {
	NDRCCountry    Flag `json:"ndrc_country"`
	NDRCIndustry   Flag `json:"ndrc_industry"`
	MOFCOMCountry  Flag `json:"mofcom_country"`
	MOFCOMIndustry Flag `json:"mofcom_industry"`
}

func (f *Flags) get(id FlagID) *Flag {
	switch id {
	case NDRCCountry:
		return &f.NDRCCountry
	case NDRCIndustry:
		return &f.NDRCIndustry
	case MOFCOMCountry:
		return &f.MOFCOMCountry
	case MOFCOMIndustry:
		return &f.MOFCOMIndustry
	}
	return nil
}

// Assessment is the route through the three authorities.
type Assessment struct {
	Flags    Flags     `json:"flags"`
	Steps    []Step    `json:"steps"` // NDRC, MOFCOM, SAFE, always in this order
	Warnings []Message `json:"warnings"`
}

// Assess decides the route of p under rules. It is a pure function; call Validate first — on an
// invalid project it still answers without failing, but the answer means little.
func Assess(p Project, r Rules) Assessment {
	p = p.Normalized()
	a := &assessor{p: p, r: r, reg: p.registration(), data: projectData(p, r)}
	a.flags()
	a.inputs()
	ndrc := a.ndrc()
	mofcom := a.mofcom()
	safe := a.safe(ndrc, mofcom)
	a.out.Steps = []Step{ndrc, mofcom, safe}
	if a.out.Warnings == nil {
		a.out.Warnings = []Message{}
	}
	return a.out
}

type assessor struct {
	p        Project
	r        Rules
	reg      Place
	data     map[string]any
	domestic bool // the investor puts something in from China
	out      Assessment
}

func projectData(p Project, r Rules) map[string]any {
	d := map[string]any{"Country": p.Country, "Industry": p.Industry,
		"ChineseUSD": p.ChineseUSD.String(), "TotalUSD": p.TotalUSD.String(), "ThresholdUSD": r.ThresholdUSD.String()}
	if c, ok := CountryByCode(p.Country); ok {
		d["CountryZh"], d["CountryEn"] = c.Zh, c.En
	} else {
		d["CountryZh"], d["CountryEn"] = p.Country, p.Country
	}
	if in, ok := IndustryByCode(p.Industry); ok {
		d["IndustryZh"], d["IndustryEn"] = in.Zh, in.En
	} else {
		d["IndustryZh"], d["IndustryEn"] = p.Industry, p.Industry
	}
	return d
}

// with returns the project's data plus extra pairs.
func (a *assessor) with(extra ...any) map[string]any {
	m := make(map[string]any, len(a.data)+len(extra)/2)
	for k, v := range a.data {
		m[k] = v
	}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i].(string)] = extra[i+1]
	}
	return m
}

func (a *assessor) warn(key string, extra ...any) {
	a.out.Warnings = append(a.out.Warnings, Message{Key: key, Data: a.with(extra...)})
}

// flags sets the four flags from the lists, then applies staff's overrides.
func (a *assessor) flags() {
	f := &a.out.Flags
	f.NDRCCountry = countryFlag(a.r.NDRC, a.p.Country)
	f.MOFCOMCountry = countryFlag(a.r.MOFCOM, a.p.Country)
	var ndrcPart, mofcomPart *SensitiveIndustry
	f.NDRCIndustry, ndrcPart = industryFlag(a.r.NDRC, a.p.Industry)
	f.MOFCOMIndustry, mofcomPart = industryFlag(a.r.MOFCOM, a.p.Industry)
	overridden := map[FlagID]bool{}
	for _, o := range a.p.Overrides {
		flag := f.get(o.Flag)
		if flag == nil {
			continue
		}
		overridden[o.Flag] = true
		flag.Value, flag.Overridden, flag.Reason = o.Sensitive, true, o.Reason
		a.warn("odi.warn.override."+string(o.Flag), "Sensitive", o.Sensitive, "Rule", flag.Rule, "Reason", o.Reason, "By", o.By)
	}
	for _, part := range []struct {
		id    FlagID
		entry *SensitiveIndustry
		key   string
	}{{NDRCIndustry, ndrcPart, "odi.warn.review_industry_ndrc"}, {MOFCOMIndustry, mofcomPart, "odi.warn.review_industry_mofcom"}} {
		if part.entry != nil && !overridden[part.id] {
			cat := vocab("category", part.entry.Category)
			a.warn(part.key, "CategoryZh", cat.Zh, "CategoryEn", cat.En, "Flag", string(part.id))
		}
	}
}

func countryFlag(s Sensitivity, country string) Flag {
	for _, c := range s.Countries {
		if c.Code == country {
			return Flag{Rule: true, Value: true, Why: c.Reason}
		}
	}
	return Flag{}
}

// industryFlag reports a whole-division entry as a set flag, and returns a part-division entry for
// staff to review.
func industryFlag(s Sensitivity, division string) (Flag, *SensitiveIndustry) {
	for i, in := range s.Industries {
		if in.Division != division {
			continue
		}
		if in.Scope == ScopeWhole {
			return Flag{Rule: true, Value: true, Why: in.Category}, nil
		}
		return Flag{Why: in.Category}, &s.Industries[i]
	}
	return Flag{}, nil
}

// inputs works out whether anything comes from China, and the threshold warnings.
func (a *assessor) inputs() {
	p := a.p
	a.domestic = p.DomesticInput || !p.ViaOverseasSubsidiary
	if !p.DomesticInput && !p.ViaOverseasSubsidiary {
		a.warn("odi.warn.direct_is_domestic_input")
	}
	// The threshold decides NDRC's route only for a non-sensitive project of a local enterprise with
	// domestic input (province or NDRC), or without domestic input (report or nothing).
	sensitive := a.out.Flags.NDRCCountry.Value || a.out.Flags.NDRCIndustry.Value
	if sensitive || (a.domestic && p.EnterpriseType == Central) {
		return
	}
	t := a.r.ThresholdUSD
	if margin, err := money.ApplyRate(t, a.r.NearThresholdBP); err == nil && margin > 0 {
		lo, errLo := money.Sub(t, margin)
		hi, errHi := money.Add(t, margin)
		if errLo == nil && errHi == nil && p.ChineseUSD >= lo && p.ChineseUSD < hi {
			a.warn("odi.warn.near_threshold", "Above", p.ChineseUSD >= t)
		}
	}
	if p.TotalUSD >= t && p.ChineseUSD < t {
		a.warn("odi.warn.chinese_side_counts")
	}
}

func (a *assessor) documents(c Checklist, sensitiveIndustry, afterNDRC, afterMOFCOM bool) []Document {
	ids := slices.Clone(c.Base)
	if a.p.Form == MA {
		ids = append(ids, c.MA...)
	}
	if sensitiveIndustry {
		ids = append(ids, c.SensitiveIndustry...)
	}
	if afterNDRC {
		ids = append(ids, c.AfterNDRC...)
	}
	if afterMOFCOM {
		ids = append(ids, c.AfterMOFCOM...)
	}
	docs := make([]Document, 0, len(ids))
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		i := slices.IndexFunc(a.r.Documents, func(d Document) bool { return d.ID == id })
		if i < 0 {
			docs = append(docs, Document{ID: id, Name: Name{id, id}})
			continue
		}
		docs = append(docs, a.r.Documents[i])
	}
	return docs
}

// provincial names the provincial-level authority of kind ("drc" or "commerce") where the investor
// is registered: by its own name when on file (Shanghai), otherwise by the province's name. The
// returned pairs carry the same names into explanation data.
func (a *assessor) provincial(kind string) (Message, []any) { return provincialName(a.reg, kind) }

func provincialName(r Place, kind string) (Message, []any) {
	named := r.DRC
	if kind == "commerce" {
		named = r.Commerce
	}
	pairs := []any{"AuthorityZh", named.Zh, "AuthorityEn", named.En, "ProvinceZh", r.Zh, "ProvinceEn", r.En}
	if named.Zh != "" {
		return Message{Key: "odi.authority.named", Data: map[string]any{"Zh": named.Zh, "En": named.En}}, pairs
	}
	return Message{Key: "odi.authority.provincial_" + kind, Data: map[string]any{"ProvinceZh": r.Zh, "ProvinceEn": r.En}}, pairs
}

// AuthorityName names an authority code of a Step (ndrc, provincial_drc, mofcom,
// provincial_commerce, bank) for an investor registered at registration ("" is Shanghai).
func AuthorityName(authority, registration string) Message {
	reg := Project{Registration: registration}.registration()
	switch authority {
	case "ndrc", "mofcom", "bank":
		return Message{Key: "odi.authority." + authority}
	case "provincial_drc":
		m, _ := provincialName(reg, "drc")
		return m
	case "provincial_commerce":
		m, _ := provincialName(reg, "commerce")
		return m
	}
	return Message{}
}

func (a *assessor) ndrc() Step {
	f, p, t := a.out.Flags, a.p, a.r.TimeLimits
	country, industry := f.NDRCCountry.Value, f.NDRCIndustry.Value
	large := p.ChineseUSD >= a.r.ThresholdUSD
	notes := []Message{{Key: "odi.note.ndrc_validity"}, {Key: "odi.note.ndrc_completion", Data: map[string]any{"Days": t.NDRCCompletionReport}}}
	s := Step{Regime: RegimeNDRC, Authority: "ndrc", AuthorityName: Message{Key: "odi.authority.ndrc"}, Level: National}
	switch {
	case country || industry:
		s.Action = Approval
		s.TimeLimitWorkdays, s.ExtensionWorkdays, s.AcceptanceWorkdays = t.NDRCApproval, t.NDRCApprovalExtension, t.NDRCAcceptance
		s.TimeLimitConfirmed = true
		s.Documents = a.documents(a.r.Checklists.NDRCApproval, false, false, false)
		// Art. 13: approval for sensitive projects, done directly or through a controlled overseas
		// enterprise (https://www.zqos.com/news/157 quotes Arts. 13 and 14).
		s.Basis = []Basis{basis("ndrc_order_11", 13)}
		why := "country"
		switch {
		case country && industry:
			why = "both"
		case industry:
			why = "industry"
		}
		if industry {
			s.Basis = append(s.Basis, basis("ndrc_sensitive_industries_2018"))
		}
		cr, cat := vocab("reason", f.NDRCCountry.Why), vocab("category", f.NDRCIndustry.Why)
		s.Explanation = Message{Key: "odi.ndrc.approval." + why, Data: a.with("ReasonZh", cr.Zh, "ReasonEn", cr.En,
			"CategoryZh", cat.Zh, "CategoryEn", cat.En, "ViaSubsidiary", p.ViaOverseasSubsidiary && !p.DomesticInput)}
		s.Notes = notes
		if p.ViaOverseasSubsidiary && !p.DomesticInput {
			// Order No. 11 exempts offshore-funded reinvestment from filing, never from approval: a
			// sensitive project needs NDRC approval however it is funded.
			a.warn("odi.warn.sensitive_not_exempt")
		}
	case a.domestic:
		s.Action = Filing
		s.TimeLimitWorkdays, s.TimeLimitConfirmed = t.NDRCFiling, t.NDRCFilingConfirmed
		s.Documents = a.documents(a.r.Checklists.NDRCFiling, false, false, false)
		// Art. 14: filing for non-sensitive projects with domestic input, at NDRC or the province
		// (https://www.zqos.com/news/157).
		s.Basis = []Basis{basis("ndrc_order_11", 14)}
		switch {
		case p.EnterpriseType == Central:
			s.Explanation = Message{Key: "odi.ndrc.filing.central", Data: a.with()}
		case large:
			s.Explanation = Message{Key: "odi.ndrc.filing.large", Data: a.with()}
		default:
			var names []any
			s.Authority, s.Level = "provincial_drc", Provincial
			s.AuthorityName, names = a.provincial("drc")
			s.Explanation = Message{Key: "odi.ndrc.filing.provincial", Data: a.with(names...)}
		}
		s.Notes = notes
		if !t.NDRCFilingConfirmed {
			a.warn("odi.warn.unconfirmed_ndrc_filing", "Days", t.NDRCFiling)
		}
	case large:
		s.Action = Report
		s.Documents = a.documents(a.r.Checklists.NDRCReport, false, false, false)
		// Art. 42: a large non-sensitive project of a controlled overseas enterprise is reported
		// before it is carried out (大额非敏感类项目情况报告表); https://www.mffb.com.cn/news/show-505895.html
		// cites Art. 42 for this duty.
		s.Basis = []Basis{basis("ndrc_order_11", 42)}
		s.Explanation = Message{Key: "odi.ndrc.report", Data: a.with()}
		s.TimeLimitConfirmed = true
	default:
		s.Action, s.Level, s.Authority, s.AuthorityName = NoAction, NoLevel, "", Message{}
		s.Documents = []Document{}
		s.Basis = []Basis{basis("ndrc_order_11", 13, 14)}
		s.Explanation = Message{Key: "odi.ndrc.none", Data: a.with()}
		s.TimeLimitConfirmed = true
		a.warn("odi.warn.no_ndrc")
	}
	return s
}

func (a *assessor) mofcom() Step {
	f, p, t := a.out.Flags, a.p, a.r.TimeLimits
	country, industry := f.MOFCOMCountry.Value, f.MOFCOMIndustry.Value
	in, _ := IndustryByCode(p.Industry)
	notes := []Message{{Key: "odi.note.mofcom_certificate"}}
	s := Step{Regime: RegimeMOFCOM, Authority: "mofcom", AuthorityName: Message{Key: "odi.authority.mofcom"}, Level: National}
	switch {
	case in.Section == "J":
		// MOFCOM's order covers investment in overseas non-financial enterprises only (Art. 2).
		s.Action, s.Level, s.Authority, s.AuthorityName = NoAction, NoLevel, "", Message{}
		s.Documents = []Document{}
		s.Basis = []Basis{basis("mofcom_order_2014_3", 2)}
		s.Explanation = Message{Key: "odi.mofcom.none_financial", Data: a.with()}
		s.TimeLimitConfirmed = true
		a.warn("odi.warn.financial_regulators")
	case p.ViaOverseasSubsidiary && !p.DomesticInput:
		s.Action = Report
		var names []any
		if p.EnterpriseType == Local {
			s.Authority, s.Level = "provincial_commerce", Provincial
			s.AuthorityName, names = a.provincial("commerce")
		}
		s.Documents = a.documents(a.r.Checklists.MOFCOMReport, false, false, false)
		// Art. 25: reinvestment by an overseas enterprise is reported after the overseas formalities
		// (quoted at http://yingkeoffshore.com/newsshow.asp?id=1101 and
		// https://www.mffb.com.cn/news/show-505895.html).
		s.Basis = []Basis{basis("mofcom_order_2014_3", 25)}
		s.Explanation = Message{Key: "odi.mofcom.report", Data: a.with(append(names, "Local", p.EnterpriseType == Local)...)}
		s.TimeLimitConfirmed = true
		if country || industry {
			a.warn("odi.warn.reinvestment_sensitive")
		}
	case country || industry:
		s.Action = Approval
		s.TimeLimitWorkdays = t.MOFCOMApprovalCentral
		key := "odi.mofcom.approval.central"
		if p.EnterpriseType == Local {
			s.TimeLimitWorkdays = t.MOFCOMApprovalLocal
			key = "odi.mofcom.approval.local"
		}
		s.TimeLimitConfirmed = t.MOFCOMApprovalConfirmed
		s.Documents = a.documents(a.r.Checklists.MOFCOMApproval, industry, false, false)
		s.Basis = []Basis{basis("mofcom_order_2014_3", 6, 7)}
		cr, cat := vocab("reason", f.MOFCOMCountry.Why), vocab("category", f.MOFCOMIndustry.Why)
		_, names := a.provincial("commerce")
		s.Explanation = Message{Key: key, Data: a.with(append(names, "CountrySensitive", country, "IndustrySensitive", industry,
			"ReasonZh", cr.Zh, "ReasonEn", cr.En, "CategoryZh", cat.Zh, "CategoryEn", cat.En)...)}
		s.Notes = notes
		if !t.MOFCOMApprovalConfirmed {
			a.warn("odi.warn.unconfirmed_mofcom_approval", "Days", s.TimeLimitWorkdays)
		}
	default:
		s.Action = Filing
		s.TimeLimitWorkdays, s.TimeLimitConfirmed = t.MOFCOMFiling, true
		s.Documents = a.documents(a.r.Checklists.MOFCOMFiling, false, false, false)
		s.Basis = []Basis{basis("mofcom_order_2014_3", 6, 9)}
		if p.EnterpriseType == Central {
			s.Explanation = Message{Key: "odi.mofcom.filing.central", Data: a.with()}
		} else {
			var names []any
			s.Authority, s.Level = "provincial_commerce", Provincial
			s.AuthorityName, names = a.provincial("commerce")
			s.Explanation = Message{Key: "odi.mofcom.filing.local", Data: a.with(names...)}
		}
		s.Notes = notes
	}
	return s
}

func (a *assessor) safe(ndrc, mofcom Step) Step {
	s := Step{Regime: RegimeSAFE, Basis: []Basis{basis("safe_huifa_2015_13")}, TimeLimitConfirmed: true}
	if !a.domestic {
		// The notice also cancels the FX filing of overseas reinvestment; no source at hand gives the
		// number of that part, so the notice is cited whole.
		s.Action, s.Level = NoAction, NoLevel
		s.Documents = []Document{}
		s.Explanation = Message{Key: "odi.safe.none", Data: a.with()}
		return s
	}
	granted := func(st Step) bool { return st.Action == Approval || st.Action == Filing }
	s.Authority, s.AuthorityName, s.Action, s.Level = "bank", Message{Key: "odi.authority.bank"}, Filing, Bank
	// Part I cancels SAFE's approval of ODI FX registration and has banks register directly, before
	// any account is opened or money moves (SAFE's English text, http://www.safe.gov.cn/en/2015/0429/759.html).
	s.Basis = []Basis{noticeBasis("safe_huifa_2015_13", 1)}
	s.Documents = a.documents(a.r.Checklists.SAFERegistration, false, granted(ndrc), granted(mofcom))
	s.Explanation = Message{Key: "odi.safe.registration", Data: a.with()}
	s.Notes = []Message{{Key: "odi.note.safe_before_remittance"}}
	return s
}
