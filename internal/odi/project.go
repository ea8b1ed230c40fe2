// Package odi owns the rules for outbound direct investment (ODI, 境外直接投资): given a project —
// who invests, where, in what industry, how, how much, with what from China — Assess decides what
// each of the three authorities requires, in order: NDRC approval, filing or report (NDRC Order
// No. 11), MOFCOM approval, filing or report (MOFCOM Order 2014 No. 3) and the foreign-exchange
// registration at the bank (SAFE, Huifa [2015] No. 13), with the statutory time limits in working
// days, the documents, the legal basis, and warnings for staff. The rules are data (Rules) that
// coordinators can edit. The package does no I/O: projects and their tracking live elsewhere.
package odi

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"chuhai/internal/apperr"
	"chuhai/internal/money"
)

// EnterpriseType says who manages the investor: central (中央管理企业) or local (地方企业).
type EnterpriseType string

const (
	Central EnterpriseType = "central"
	Local   EnterpriseType = "local"
)

// Form is how the investment is made.
type Form string

const (
	Greenfield      Form = "greenfield"       // 新设
	MA              Form = "ma"               // 并购
	JV              Form = "jv"               // 合资
	CapitalIncrease Form = "capital_increase" // 增资
	OtherForm       Form = "other"
)

// Forms lists every form, for choices.
var Forms = []Form{Greenfield, MA, JV, CapitalIncrease, OtherForm}

// FlagID names one of the four sensitivity flags staff may override.
type FlagID string

const (
	NDRCCountry    FlagID = "ndrc_country"
	NDRCIndustry   FlagID = "ndrc_industry"
	MOFCOMCountry  FlagID = "mofcom_country"
	MOFCOMIndustry FlagID = "mofcom_industry"
)

// FlagIDs lists the flags in order.
var FlagIDs = []FlagID{NDRCCountry, NDRCIndustry, MOFCOMCountry, MOFCOMIndustry}

// Override is staff's decision on a sensitivity flag, against or beyond what the lists say — e.g. a
// hotel division project that is in fact a staff canteen, or a machinery plant that makes weapons
// parts — with the reason, which every assessment repeats as a warning.
type Override struct {
	Flag      FlagID `json:"flag"`
	Sensitive bool   `json:"sensitive"`
	Reason    string `json:"reason"`
	By        string `json:"by,omitempty"` // staff login, for the record
}

// Project is what the rules need to know about an outbound investment.
type Project struct {
	EnterpriseType EnterpriseType `json:"enterprise_type"`
	// Registration is where the investor is registered (GB/T 2260 code of the province-level
	// division or plan-listed city); empty means Shanghai.
	Registration string      `json:"registration,omitempty"`
	Country      string      `json:"country"`  // destination, ISO 3166-1 alpha-2
	Industry     string      `json:"industry"` // GB/T 4754-2017 division of the project, e.g. C38
	Form         Form        `json:"form"`
	TotalUSD     money.Cents `json:"total_usd_cents"`
	// ChineseUSD is the Chinese-side investment (中方投资额): everything the investor puts in
	// directly or through enterprises it controls abroad, financing and guarantees included.
	ChineseUSD money.Cents `json:"chinese_usd_cents"`
	// DomesticInput: the investor puts in assets or rights from China, or provides financing or
	// guarantees from China.
	DomesticInput bool `json:"domestic_input"`
	// ViaOverseasSubsidiary: the project is carried out by an overseas enterprise the investor
	// controls.
	ViaOverseasSubsidiary bool       `json:"via_overseas_subsidiary"`
	Overrides             []Override `json:"overrides,omitempty"`
}

// Normalized returns p with codes in canonical form (upper-case country, "K70" industry, lower-case
// choices), which Validate and Assess both use.
func (p Project) Normalized() Project {
	p.EnterpriseType = EnterpriseType(strings.ToLower(strings.TrimSpace(string(p.EnterpriseType))))
	p.Form = Form(strings.ToLower(strings.TrimSpace(string(p.Form))))
	p.Country = strings.ToUpper(strings.TrimSpace(p.Country))
	if in := NormalizeIndustry(p.Industry); in != "" {
		p.Industry = in
	} else {
		p.Industry = strings.ToUpper(strings.TrimSpace(p.Industry))
	}
	p.Registration = strings.TrimSpace(p.Registration)
	return p
}

func (p Project) registration() Place {
	code := p.Registration
	if code == "" {
		code = Shanghai
	}
	r, _ := PlaceByCode(code)
	return r
}

// Validate checks a project before assessment; field names are the JSON names
// ("overrides[0].reason").
func Validate(p Project) error {
	p = p.Normalized()
	var v apperr.Validator
	switch p.EnterpriseType {
	case "":
		v.Add("enterprise_type", "error.required")
	case Central, Local:
	default:
		v.Add("enterprise_type", "error.bad_choice")
	}
	if p.Registration != "" {
		_, ok := PlaceByCode(p.Registration)
		v.Check(ok, "registration", "odi.registration_unknown")
	}
	switch _, known := CountryByCode(p.Country); {
	case p.Country == "":
		v.Add("country", "error.required")
	case !known:
		v.Add("country", "odi.country_unknown", "Code", clip(p.Country, 10))
	case p.Country == "CN":
		v.Add("country", "odi.country_domestic")
	}
	switch _, known := IndustryByCode(p.Industry); {
	case p.Industry == "":
		v.Add("industry", "error.required")
	case !known:
		v.Add("industry", "odi.industry_unknown", "Code", clip(p.Industry, 10))
	}
	switch {
	case p.Form == "":
		v.Add("form", "error.required")
	case !validForm(p.Form):
		v.Add("form", "error.bad_choice")
	}
	amountsOK := true
	for _, a := range []struct {
		field string
		v     money.Cents
	}{{"total_usd_cents", p.TotalUSD}, {"chinese_usd_cents", p.ChineseUSD}} {
		switch {
		case a.v <= 0:
			v.Add(a.field, "odi.amount_positive")
			amountsOK = false
		case a.v > MaxInvestment:
			v.Add(a.field, "odi.amount_too_large", "Max", MaxInvestment.String())
			amountsOK = false
		}
	}
	if amountsOK && p.ChineseUSD > p.TotalUSD {
		v.Add("chinese_usd_cents", "odi.chinese_exceeds_total")
	}
	if len(p.Overrides) > len(FlagIDs) {
		v.Add("overrides", "odi.override_too_many", "Max", len(FlagIDs))
	}
	seen := map[FlagID]bool{}
	for i, o := range p.Overrides {
		f := fmt.Sprintf("overrides[%d]", i)
		switch {
		case !validFlag(o.Flag):
			v.Add(f+".flag", "error.bad_choice")
		case seen[o.Flag]:
			v.Add(f+".flag", "odi.override_duplicate")
		}
		seen[o.Flag] = true
		switch reason := strings.TrimSpace(o.Reason); {
		case reason == "":
			v.Add(f+".reason", "odi.override_reason")
		case utf8.RuneCountInString(reason) > maxReasonRunes || !utf8.ValidString(reason):
			v.Add(f+".reason", "error.too_long", "Max", maxReasonRunes)
		}
	}
	return v.Err()
}

func validForm(f Form) bool {
	for _, x := range Forms {
		if x == f {
			return true
		}
	}
	return false
}

func validFlag(f FlagID) bool {
	for _, x := range FlagIDs {
		if x == f {
			return true
		}
	}
	return false
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) > n {
		return string([]rune(s)[:n]) + "…"
	}
	return s
}
