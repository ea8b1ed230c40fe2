package subsidy

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"chuhai/internal/money"
	"chuhai/internal/workday"
)

// Name is a thing's name in both languages; explanation lines carry names, not codes, so that a line
// stored with an application reads the same later in either language.
type Name struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

// joinNames lists names the way each language lists them.
func joinNames(ns []Name) Name {
	zh, en := make([]string, len(ns)), make([]string, len(ns))
	for i, n := range ns {
		zh[i], en[i] = n.Zh, n.En
	}
	return Name{Zh: strings.Join(zh, "、"), En: strings.Join(en, ", ")}
}

// Names resolves the codes that rules mention (regions, alliances, categories) to names.
type Names struct {
	Regions    map[string]Name
	Alliances  map[string]Name
	Categories map[string]Name
}

func lookup(m map[string]Name, code string) Name {
	if n, ok := m[code]; ok {
		return n
	}
	return Name{Zh: code, En: code}
}

func lookupAll(m map[string]Name, codes []string) Name {
	ns := make([]Name, len(codes))
	for i, c := range codes {
		ns[i] = lookup(m, c)
	}
	return joinNames(ns)
}

// Size classes (GB/T 中小企业划型), in order.
var sizeNames = map[string]Name{
	"large": {"大型", "large"}, "medium": {"中型", "medium"}, "small": {"小型", "small"}, "micro": {"微型", "micro"},
}

// SizeClasses lists the size classes rules may name.
var SizeClasses = []string{"large", "medium", "small", "micro"}

// Verdict says how a line bears on eligibility.
type Verdict string

const (
	Pass Verdict = "pass"
	Fail Verdict = "fail"
	Info Verdict = "info"
)

// Line is one line of an explanation: a catalogue id with its data. Amounts are formatted already
// ("360,000.00"), names are Name values.
type Line struct {
	Verdict Verdict        `json:"verdict"`
	Key     string         `json:"key"`
	Args    map[string]any `json:"args,omitempty"`
}

// decodeLines reads stored explanation lines, turning names back into Name values so that
// templates reach them as .X.Zh and .X.En.
func decodeLines(s string) []Line {
	var lines []Line
	if err := json.Unmarshal([]byte(s), &lines); err != nil {
		return nil
	}
	for _, l := range lines {
		for k, v := range l.Args {
			if m, ok := v.(map[string]any); ok && len(m) == 2 {
				zh, ok1 := m["zh"].(string)
				en, ok2 := m["en"].(string)
				if ok1 && ok2 {
					l.Args[k] = Name{Zh: zh, En: en}
				}
			}
		}
	}
	return lines
}

func line(v Verdict, key string, kv ...any) Line {
	args := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		args[kv[i].(string)] = kv[i+1]
	}
	return Line{Verdict: v, Key: key, Args: args}
}

// Claim is what a quote or an application is about: who bought what from whom, for how much, when.
type Claim struct {
	Enterprise EnterpriseFacts
	Provider   ProviderFacts
	Category   string
	AmountFen  money.Fen
	Date       workday.Date
	// NoInvoice marks a review-based claim (a reward) that rests on no invoice.
	NoInvoice bool
}

// Support is public support already held on the same invoice, from another programme or a voucher.
type Support struct {
	ProgrammeID int64     `json:"programme_id"`
	Name        Name      `json:"name"`
	AmountFen   money.Fen `json:"amount_fen"`
	CeilingBP   int64     `json:"ceiling_bp"`
	Combinable  bool      `json:"combinable"`
}

// Usage is what the ledger and other claims already hold, as far as one assessment is concerned.
type Usage struct {
	// EnterpriseYearFen is this programme's support already claimed by the enterprise in the year.
	EnterpriseYearFen money.Fen
	// Invoice lists support on the same invoice from other programmes and vouchers.
	Invoice []Support
	// BudgetRemainingFen is the programme's uncommitted budget (first-come programmes).
	BudgetRemainingFen money.Fen
	// RequestedFen is the amount asked for, for review-based programmes.
	RequestedFen money.Fen
}

// Quote is one programme's answer to a claim.
type Quote struct {
	ProgrammeID int64     `json:"programme_id"`
	Name        Name      `json:"-"`
	Eligible    bool      `json:"eligible"`
	AmountFen   money.Fen `json:"amount_fen"`
	Lines       []Line    `json:"-"`
}

// Percent formats basis points as a percentage without trailing zeros: 3000 → "30%", 3333 → "33.33%".
func Percent(bp int64) string {
	whole, frac := bp/100, bp%100
	s := strconv.FormatInt(whole, 10)
	if frac != 0 {
		f := strconv.FormatInt(frac, 10)
		if frac < 10 {
			f = "0" + f
		}
		s += "." + strings.TrimRight(f, "0")
	}
	return s + "%"
}

// Assess applies a programme's rules and money terms to a claim, line by line. It is a pure function:
// everything it needs is in its arguments. The amount is computed as
//
//	min(invoice × rate rounded DOWN to the fen, cap per application, remaining annual cap,
//	    room under the strictest stacking ceiling, remaining budget for first-come programmes)
//
// and is eligible only when every rule passes and something is left to pay. Only an arithmetic
// overflow is an error.
func Assess(p Programme, c Claim, u Usage, names Names, today workday.Date) (Quote, error) {
	q := Quote{ProgrammeID: p.ID, Name: Name{p.NameZh, p.NameEn}}
	ok := true
	add := func(l Line) {
		if l.Verdict == Fail {
			ok = false
		}
		q.Lines = append(q.Lines, l)
	}
	check := func(pass bool, key string, kv ...any) {
		v := Pass
		if !pass {
			v = Fail
		}
		add(line(v, key+map[bool]string{true: ".ok", false: ".fail"}[pass], kv...))
	}
	if p.Kind == KindVoucher {
		add(line(Fail, "subsidy.line.voucher"))
		return q, nil
	}
	if !p.Active {
		add(line(Fail, "subsidy.line.inactive"))
	}
	check(!today.Before(p.ApplyFrom) && !today.After(p.ApplyUntil), "subsidy.line.window",
		"From", p.ApplyFrom.String(), "Until", p.ApplyUntil.String(), "Today", today.String())
	if len(p.Rounds) > 0 {
		r, _ := p.roundOn(today)
		if r != nil && r.ClosedAt == nil {
			add(line(Pass, "subsidy.line.round.ok", "Round", r.Name, "Until", r.ClosesOn.String()))
		} else {
			add(line(Fail, "subsidy.line.round.fail"))
		}
	}
	if !c.NoInvoice {
		check(!c.Date.Before(p.PeriodFrom) && !c.Date.After(p.PeriodTo), "subsidy.line.period",
			"Date", c.Date.String(), "From", p.PeriodFrom.String(), "To", p.PeriodTo.String())
	}
	for _, l := range enterpriseChecks(p.Rules, c.Enterprise, names) {
		add(l)
	}
	if !c.NoInvoice {
		for _, l := range serviceChecks(p.Rules, c, names) {
			add(l)
		}
	}

	// The amount.
	var amount money.Fen
	if p.Kind == KindReview {
		add(line(Info, "subsidy.line.review", "Cap", p.CapApplicationFen.String()))
		amount = u.RequestedFen
		if amount > 0 {
			add(line(Info, "subsidy.line.requested", "Requested", amount.String()))
		} else {
			amount = p.CapApplicationFen
		}
	} else {
		var err error
		if amount, err = money.ApplyRate(c.AmountFen, p.RateBP); err != nil {
			return q, err
		}
		add(line(Info, "subsidy.line.rate", "Rate", Percent(p.RateBP), "Invoice", c.AmountFen.String(), "Amount", amount.String()))
	}
	if p.CapApplicationFen > 0 {
		if amount > p.CapApplicationFen {
			amount = p.CapApplicationFen
			add(line(Info, "subsidy.line.cap_applies", "Cap", p.CapApplicationFen.String()))
		} else if p.Kind != KindReview {
			add(line(Info, "subsidy.line.cap_within", "Cap", p.CapApplicationFen.String()))
		}
	}
	if p.CapEnterpriseYearFen > 0 {
		left := max(p.CapEnterpriseYearFen-u.EnterpriseYearFen, 0)
		key := "subsidy.line.annual"
		if amount > left {
			amount, key = left, "subsidy.line.annual_applies"
		}
		add(line(Info, key, "Remaining", left.String(), "Cap", p.CapEnterpriseYearFen.String()))
	}
	if !c.NoInvoice {
		var err error
		if amount, err = stack(p, c, u, amount, add); err != nil {
			return q, err
		}
	}
	if p.Allocation == FirstCome {
		key := "subsidy.line.budget"
		left := max(u.BudgetRemainingFen, 0)
		if amount > left {
			amount, key = left, "subsidy.line.budget_applies"
		}
		add(line(Info, key, "Remaining", left.String()))
	} else {
		add(line(Info, "subsidy.line.pro_rata"))
	}
	if ok && amount <= 0 {
		add(line(Fail, "subsidy.line.nothing_left"))
	}
	if !ok {
		amount = 0
	}
	q.Eligible, q.AmountFen = ok, amount
	if ok {
		add(line(Pass, "subsidy.line.amount", "Amount", amount.String()))
	}
	return q, nil
}

// stack limits amount by the stacking policy of every programme on the invoice: a programme that does
// not combine excludes all others, and total support never exceeds the strictest ceiling among the
// programmes involved.
func stack(p Programme, c Claim, u Usage, amount money.Fen, add func(Line)) (money.Fen, error) {
	ceiling := p.CeilingBP
	var used money.Fen
	var err error
	for _, s := range u.Invoice {
		if s.AmountFen <= 0 {
			continue
		}
		if !p.Combinable {
			add(line(Fail, "subsidy.line.no_combine_self", "Other", s.Name))
		} else if !s.Combinable {
			add(line(Fail, "subsidy.line.no_combine_other", "Other", s.Name))
		}
		ceiling = min(ceiling, s.CeilingBP)
		if used, err = money.Add(used, s.AmountFen); err != nil {
			return 0, err
		}
	}
	maxFen, err := money.ApplyRate(c.AmountFen, ceiling)
	if err != nil {
		return 0, err
	}
	room := max(maxFen-used, 0)
	key := "subsidy.line.ceiling"
	if amount > room {
		amount, key = room, "subsidy.line.ceiling_applies"
	}
	add(line(Info, key, "Ceiling", Percent(ceiling), "Max", maxFen.String(), "Used", used.String(), "Room", room.String()))
	return amount, nil
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// enterpriseChecks applies the rules about the enterprise itself (where it is, its size and
// industry); vouchers are issued on these alone.
func enterpriseChecks(r Rules, e EnterpriseFacts, names Names) []Line {
	var out []Line
	check := func(pass bool, key string, kv ...any) {
		v := Pass
		if !pass {
			v = Fail
		}
		out = append(out, line(v, key+map[bool]string{true: ".ok", false: ".fail"}[pass], kv...))
	}
	if len(r.HomeDistricts) > 0 {
		check(slices.Contains(r.HomeDistricts, e.HomeDistrict), "subsidy.line.home_district",
			"District", lookup(names.Regions, e.HomeDistrict), "Allowed", lookupAll(names.Regions, r.HomeDistricts))
	}
	if len(r.Areas) > 0 {
		in := slices.ContainsFunc(e.Areas, func(a string) bool { return slices.Contains(r.Areas, a) })
		check(in, "subsidy.line.area", "Allowed", lookupAll(names.Regions, r.Areas))
	}
	if len(r.Sizes) > 0 {
		size := Name{Zh: "未登记", En: "not recorded"}
		if n, known := sizeNames[e.SizeClass]; known {
			size = n
		}
		check(slices.Contains(r.Sizes, e.SizeClass), "subsidy.line.size", "Size", size, "Allowed", lookupAll(sizeNames, r.Sizes))
	}
	if len(r.Industries) > 0 {
		in := e.Industry != "" && slices.ContainsFunc(r.Industries, func(code string) bool { return strings.HasPrefix(e.Industry, code) })
		check(in, "subsidy.line.industry", "Industry", orDash(e.Industry), "Allowed", strings.Join(r.Industries, ", "))
	}
	return out
}

// serviceChecks applies the rules about what was bought and from whom (category, provider's
// district and alliance, minimum spend).
func serviceChecks(r Rules, c Claim, names Names) []Line {
	var out []Line
	check := func(pass bool, key string, kv ...any) {
		v := Pass
		if !pass {
			v = Fail
		}
		out = append(out, line(v, key+map[bool]string{true: ".ok", false: ".fail"}[pass], kv...))
	}
	if len(r.Categories) > 0 {
		check(slices.Contains(r.Categories, c.Category), "subsidy.line.category",
			"Category", lookup(names.Categories, c.Category), "Allowed", lookupAll(names.Categories, r.Categories))
	}
	prov := Name{c.Provider.NameZh, c.Provider.NameEn}
	if len(r.ProviderDistricts) > 0 {
		in := slices.ContainsFunc(c.Provider.Offices, func(o string) bool { return slices.Contains(r.ProviderDistricts, o) })
		check(in, "subsidy.line.provider_district", "Provider", prov, "Allowed", lookupAll(names.Regions, r.ProviderDistricts))
	}
	if len(r.ProviderAlliances) > 0 {
		in := slices.ContainsFunc(c.Provider.Alliances, func(a string) bool { return slices.Contains(r.ProviderAlliances, a) })
		check(in, "subsidy.line.provider_alliance", "Provider", prov, "Allowed", lookupAll(names.Alliances, r.ProviderAlliances))
	}
	if r.MinSpendFen > 0 {
		check(c.AmountFen >= r.MinSpendFen, "subsidy.line.min_spend", "Amount", c.AmountFen.String(), "Min", r.MinSpendFen.String())
	}
	return out
}
