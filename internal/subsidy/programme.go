package subsidy

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
	"chuhai/internal/money"
	"chuhai/internal/workday"
)

// Programme kinds.
const (
	KindRate    = "rate"    // pays a rate of the invoice, within caps
	KindReview  = "review"  // pays an amount decided at review, within the cap (rewards)
	KindVoucher = "voucher" // issues service vouchers
)

// Allocation policies.
const (
	FirstCome = "first_come" // approved in order while the budget lasts
	ProRata   = "pro_rata"   // approved amounts are scaled to the round's budget at round close
)

// ShanghaiCode is the city's region code: a programme owned by it is a city programme.
const ShanghaiCode = "310000"

// MaxAmountFen bounds every amount the platform accepts (10 trillion yuan): far above any real
// programme, far below where sums could overflow.
const MaxAmountFen money.Fen = 1_000_000_000_000_000

// Rules are a programme's eligibility conditions, kept as data the owner edits. An empty list means
// no condition.
type Rules struct {
	HomeDistricts     []string  `json:"home_districts"`     // enterprise's home district is one of these
	Areas             []string  `json:"areas"`              // enterprise is registered in one of these special areas
	Sizes             []string  `json:"sizes"`              // large, medium, small, micro
	Industries        []string  `json:"industries"`         // GB/T 4754 sections or divisions (prefix match)
	Categories        []string  `json:"categories"`         // provider category of the service bought
	ProviderDistricts []string  `json:"provider_districts"` // provider has an office in one of these ("in-district")
	ProviderAlliances []string  `json:"provider_alliances"` // provider is an active member of one of these alliances
	MinSpendFen       money.Fen `json:"min_spend_fen"`      // invoice at least this much
}

// Document is a document an application must (or may) carry.
type Document struct {
	Code     string `json:"code"`
	NameZh   string `json:"name_zh"`
	NameEn   string `json:"name_en"`
	Required bool   `json:"required"`
}

// Round is an application round within a programme's window; rounds never overlap.
type Round struct {
	ID          int64        `json:"id"`
	ProgrammeID int64        `json:"programme_id"`
	Name        string       `json:"name"`
	OpensOn     workday.Date `json:"opens_on"`
	ClosesOn    workday.Date `json:"closes_on"`
	BudgetFen   money.Fen    `json:"budget_fen"`
	ClosedAt    *time.Time   `json:"closed_at,omitempty"`
}

// Programme is a subsidy, reward or voucher programme.
type Programme struct {
	ID                   int64        `json:"id"`
	Code                 string       `json:"code"`
	NameZh               string       `json:"name_zh"`
	NameEn               string       `json:"name_en"`
	Owner                string       `json:"owner_region"`
	OwnerKind            string       `json:"owner_kind"` // city, sub_platform, district
	Kind                 string       `json:"kind"`
	BudgetYear           int          `json:"budget_year"`
	BudgetFen            money.Fen    `json:"budget_fen"` // current budget: the sum of the ledger's budget entries
	PeriodFrom           workday.Date `json:"period_from"`
	PeriodTo             workday.Date `json:"period_to"`
	ApplyFrom            workday.Date `json:"apply_from"`
	ApplyUntil           workday.Date `json:"apply_until"`
	Rules                Rules        `json:"rules"`
	RateBP               int64        `json:"rate_bp"`
	CapApplicationFen    money.Fen    `json:"cap_application_fen"`
	CapEnterpriseYearFen money.Fen    `json:"cap_enterprise_year_fen"`
	Combinable           bool         `json:"combinable"`
	CeilingBP            int64        `json:"ceiling_bp"`
	Allocation           string       `json:"allocation"`
	NoApplication        bool         `json:"no_application"`
	Documents            []Document   `json:"documents"`
	ReviewDays           int          `json:"review_days"`
	OwnerDays            int          `json:"owner_days"`
	InfoDays             int          `json:"info_days"`
	SettleDays           int          `json:"settle_days"`
	DescriptionZh        string       `json:"description_zh"`
	DescriptionEn        string       `json:"description_en"`
	Active               bool         `json:"active"`
	Rounds               []Round      `json:"rounds"`
	Version              int          `json:"version"`
	CreatedAt            time.Time    `json:"created_at"`
	UpdatedAt            time.Time    `json:"updated_at"`
}

// ProgrammeInput creates or replaces a programme. Dates are YYYY-MM-DD; amounts are fen; rates are
// basis points (3000 = 30%).
type ProgrammeInput struct {
	Code                 string     `json:"code"`
	NameZh               string     `json:"name_zh"`
	NameEn               string     `json:"name_en"`
	Owner                string     `json:"owner_region"`
	Kind                 string     `json:"kind"`
	BudgetYear           int        `json:"budget_year"`
	BudgetFen            money.Fen  `json:"budget_fen"` // on create: the opening budget entry
	PeriodFrom           string     `json:"period_from"`
	PeriodTo             string     `json:"period_to"`
	ApplyFrom            string     `json:"apply_from"`
	ApplyUntil           string     `json:"apply_until"`
	Rules                Rules      `json:"rules"`
	RateBP               int64      `json:"rate_bp"`
	CapApplicationFen    money.Fen  `json:"cap_application_fen"`
	CapEnterpriseYearFen money.Fen  `json:"cap_enterprise_year_fen"`
	Combinable           *bool      `json:"combinable,omitempty"` // default true
	CeilingBP            int64      `json:"ceiling_bp"`           // default 10000 (100% of the invoice)
	Allocation           string     `json:"allocation"`           // default first_come
	NoApplication        bool       `json:"no_application"`
	Documents            []Document `json:"documents"`
	ReviewDays           int        `json:"review_days"` // default 5
	OwnerDays            int        `json:"owner_days"`  // default 10
	InfoDays             int        `json:"info_days"`   // default 10
	SettleDays           int        `json:"settle_days"` // default 10
	DescriptionZh        string     `json:"description_zh"`
	DescriptionEn        string     `json:"description_en"`
	Active               *bool      `json:"active,omitempty"`
}

var (
	codePattern     = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,11}(-[A-Z0-9]{1,12})?$`)
	industryPattern = regexp.MustCompile(`^[A-T]([0-9]{2})?$`)
	docCodePattern  = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)
)

const (
	maxList      = 50
	maxDocuments = 20
	maxDays      = 250
	maxText      = 2000
)

// ownerKind classifies an owner region: the city, a special area with its sub-platform, or a district.
func ownerKind(code string) string {
	switch {
	case code == ShanghaiCode:
		return "city"
	case strings.HasPrefix(code, "SH-"):
		return "sub_platform"
	}
	return "district"
}

// validated is a checked ProgrammeInput.
type validated struct {
	in                                     ProgrammeInput
	periodFrom, periodTo, applyFrom, until workday.Date
	combinable, active                     bool
}

// validate checks a programme input against the reference data, with a field error for everything
// wrong. Defaults are filled in.
func (s *Service) validate(ctx context.Context, in ProgrammeInput) (validated, error) {
	in.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	in.NameZh, in.NameEn = strings.TrimSpace(in.NameZh), strings.TrimSpace(in.NameEn)
	in.Owner, in.Kind, in.Allocation = strings.TrimSpace(in.Owner), strings.TrimSpace(in.Kind), strings.TrimSpace(in.Allocation)
	if in.Allocation == "" {
		in.Allocation = FirstCome
	}
	if in.CeilingBP == 0 {
		in.CeilingBP = money.BasisPoints
	}
	for _, d := range []*int{&in.ReviewDays, &in.OwnerDays, &in.InfoDays, &in.SettleDays} {
		if *d == 0 {
			*d = map[*int]int{&in.ReviewDays: 5, &in.OwnerDays: 10, &in.InfoDays: 10, &in.SettleDays: 10}[d]
		}
	}
	out := validated{in: in, combinable: in.Combinable == nil || *in.Combinable, active: in.Active == nil || *in.Active}
	names, err := s.names(ctx)
	if err != nil {
		return out, err
	}
	var v apperr.Validator
	v.Check(codePattern.MatchString(in.Code), "code", "subsidy.code.format")
	v.Check(in.NameZh != "", "name_zh", "error.required")
	v.Check(utf8.RuneCountInString(in.NameZh) <= 100, "name_zh", "error.too_long", "Max", 100)
	v.Check(utf8.RuneCountInString(in.NameEn) <= 200, "name_en", "error.too_long", "Max", 200)
	v.Check(utf8.RuneCountInString(in.DescriptionZh) <= maxText, "description_zh", "error.too_long", "Max", maxText)
	v.Check(utf8.RuneCountInString(in.DescriptionEn) <= maxText, "description_en", "error.too_long", "Max", maxText)
	if _, known := names.Regions[in.Owner]; !known || !(in.Owner == ShanghaiCode || strings.HasPrefix(in.Owner, "SH-") || strings.HasPrefix(in.Owner, "3101")) {
		v.Add("owner_region", "subsidy.owner.invalid")
	}
	v.Check(slices.Contains([]string{KindRate, KindReview, KindVoucher}, in.Kind), "kind", "error.bad_choice")
	v.Check(slices.Contains([]string{FirstCome, ProRata}, in.Allocation), "allocation", "error.bad_choice")
	v.Check(in.BudgetYear >= 2000 && in.BudgetYear <= 2100, "budget_year", "subsidy.year.invalid")
	amount(&v, "budget_fen", in.BudgetFen)
	amount(&v, "cap_application_fen", in.CapApplicationFen)
	amount(&v, "cap_enterprise_year_fen", in.CapEnterpriseYearFen)
	amount(&v, "rules.min_spend_fen", in.Rules.MinSpendFen)
	switch {
	case in.RateBP < 0:
		v.Add("rate_bp", "subsidy.rate.negative")
	case in.RateBP > money.BasisPoints:
		v.Add("rate_bp", "subsidy.rate.over_100")
	case in.Kind == KindRate && in.RateBP == 0:
		v.Add("rate_bp", "subsidy.rate.required")
	}
	if in.Kind == KindReview && in.CapApplicationFen <= 0 {
		v.Add("cap_application_fen", "subsidy.cap.required_for_review")
	}
	v.Check(in.CeilingBP > 0 && in.CeilingBP <= money.BasisPoints, "ceiling_bp", "subsidy.ceiling.range")
	if in.Kind == KindRate && in.RateBP > 0 && in.CeilingBP < in.RateBP {
		v.Add("ceiling_bp", "subsidy.ceiling.below_rate")
	}
	if in.Kind == KindVoucher && in.NoApplication {
		v.Add("no_application", "subsidy.no_application.voucher")
	}
	for _, d := range []struct {
		name string
		n    int
	}{{"review_days", in.ReviewDays}, {"owner_days", in.OwnerDays}, {"info_days", in.InfoDays}, {"settle_days", in.SettleDays}} {
		v.Check(d.n >= 1 && d.n <= maxDays, d.name, "subsidy.days.range", "Max", maxDays)
	}
	date := func(field, s string) workday.Date {
		d, err := workday.ParseDate(strings.TrimSpace(s))
		if err != nil {
			v.Add(field, "subsidy.date.format")
		}
		return d
	}
	out.periodFrom, out.periodTo = date("period_from", in.PeriodFrom), date("period_to", in.PeriodTo)
	out.applyFrom, out.until = date("apply_from", in.ApplyFrom), date("apply_until", in.ApplyUntil)
	if !out.periodFrom.IsZero() && !out.periodTo.IsZero() && out.periodTo.Before(out.periodFrom) {
		v.Add("period_to", "subsidy.date.before_start")
	}
	if !out.applyFrom.IsZero() && !out.until.IsZero() && out.until.Before(out.applyFrom) {
		v.Add("apply_until", "subsidy.date.before_start")
	}
	r := in.Rules
	codes := func(field string, list []string, known func(string) bool) {
		if len(list) > maxList {
			v.Add(field, "subsidy.list.too_long", "Max", maxList)
			return
		}
		seen := map[string]bool{}
		for _, c := range list {
			if !known(c) {
				v.Add(field, "subsidy.code.unknown", "Code", c)
				return
			}
			if seen[c] {
				v.Add(field, "subsidy.code.repeated", "Code", c)
				return
			}
			seen[c] = true
		}
	}
	inMap := func(m map[string]Name) func(string) bool {
		return func(c string) bool { _, ok := m[c]; return ok }
	}
	codes("rules.home_districts", r.HomeDistricts, func(c string) bool { return inMap(names.Regions)(c) && strings.HasPrefix(c, "3101") })
	codes("rules.areas", r.Areas, func(c string) bool { return inMap(names.Regions)(c) && strings.HasPrefix(c, "SH-") })
	codes("rules.sizes", r.Sizes, func(c string) bool { return slices.Contains(SizeClasses, c) })
	codes("rules.industries", r.Industries, industryPattern.MatchString)
	codes("rules.categories", r.Categories, inMap(names.Categories))
	codes("rules.provider_districts", r.ProviderDistricts, inMap(names.Regions))
	codes("rules.provider_alliances", r.ProviderAlliances, inMap(names.Alliances))
	if len(in.Documents) > maxDocuments {
		v.Add("documents", "subsidy.list.too_long", "Max", maxDocuments)
	}
	seen := map[string]bool{}
	for i, d := range in.Documents {
		f := fmt.Sprintf("documents[%d]", i)
		if !docCodePattern.MatchString(d.Code) || seen[d.Code] {
			v.Add(f+".code", "subsidy.document.code")
		}
		seen[d.Code] = true
		if strings.TrimSpace(d.NameZh) == "" || utf8.RuneCountInString(d.NameZh) > 100 || utf8.RuneCountInString(d.NameEn) > 200 {
			v.Add(f+".name_zh", "subsidy.document.name")
		}
	}
	return out, v.Err()
}

// amount checks a non-negative amount within MaxAmountFen.
func amount(v *apperr.Validator, field string, f money.Fen) {
	switch {
	case f < 0:
		v.Add(field, "subsidy.amount.negative")
	case f > MaxAmountFen:
		v.Add(field, "subsidy.amount.too_large", "Max", MaxAmountFen.String())
	}
}

const programmeColumns = `id, code, name_zh, name_en, owner_region, kind, budget_year, period_from, period_to, apply_from,
	apply_until, rules, rate_bp, cap_application_fen, cap_enterprise_year_fen, combinable, ceiling_bp, allocation,
	no_application, documents, review_days, owner_days, info_days, settle_days, description_zh, description_en, active,
	version, created_at, updated_at`

func scanProgramme(row interface{ Scan(...any) error }) (Programme, error) {
	var p Programme
	var pf, pt, af, au, rules, docs string
	err := row.Scan(&p.ID, &p.Code, &p.NameZh, &p.NameEn, &p.Owner, &p.Kind, &p.BudgetYear, &pf, &pt, &af, &au, &rules,
		&p.RateBP, &p.CapApplicationFen, &p.CapEnterpriseYearFen, &p.Combinable, &p.CeilingBP, &p.Allocation,
		&p.NoApplication, &docs, &p.ReviewDays, &p.OwnerDays, &p.InfoDays, &p.SettleDays, &p.DescriptionZh, &p.DescriptionEn,
		&p.Active, &p.Version, &p.CreatedAt, &p.UpdatedAt)
	if err != nil {
		return p, err
	}
	p.OwnerKind = ownerKind(p.Owner)
	for _, d := range []struct {
		s   string
		dst *workday.Date
	}{{pf, &p.PeriodFrom}, {pt, &p.PeriodTo}, {af, &p.ApplyFrom}, {au, &p.ApplyUntil}} {
		if *d.dst, err = workday.ParseDate(d.s); err != nil {
			return p, fmt.Errorf("programme %d: stored date %q: %w", p.ID, d.s, err)
		}
	}
	if err := json.Unmarshal([]byte(rules), &p.Rules); err != nil {
		return p, fmt.Errorf("programme %d rules: %w", p.ID, err)
	}
	if err := json.Unmarshal([]byte(docs), &p.Documents); err != nil {
		return p, fmt.Errorf("programme %d documents: %w", p.ID, err)
	}
	return p, nil
}

// programme loads one programme with its rounds and current budget. lock takes the row lock that
// serialises budget decisions on PostgreSQL (SQLite's single writer already serialises them).
func (s *Service) programme(ctx context.Context, q db.Querier, id int64, lock bool) (Programme, error) {
	query := `SELECT ` + programmeColumns + ` FROM subsidy_programme WHERE id = $1`
	if lock && q.Dialect() == db.Postgres {
		query += ` FOR UPDATE`
	}
	p, err := scanProgramme(q.QueryRow(ctx, query, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, apperr.NotFound(fmt.Sprintf("programme %d", id))
	}
	if err != nil {
		return p, err
	}
	if p.Rounds, err = rounds(ctx, q, id); err != nil {
		return p, err
	}
	if lock {
		// Decisions under the lock read the ledger themselves; the budget figure is for display.
		return p, nil
	}
	b, err := balances(ctx, q, id)
	p.BudgetFen = b.BudgetFen
	return p, err
}

// Programme returns a programme by id.
func (s *Service) Programme(ctx context.Context, id int64) (Programme, error) {
	return s.programme(ctx, s.DB, id, false)
}

// ProgrammeFilter selects programmes.
type ProgrammeFilter struct {
	Owner           string
	Kind            string
	IncludeInactive bool
	Limit, Offset   int
}

// ListProgrammes lists programmes, city first, then by owner and code.
func (s *Service) ListProgrammes(ctx context.Context, f ProgrammeFilter) ([]Programme, int, error) {
	where, args := []string{"1=1"}, []any{}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if !f.IncludeInactive {
		where = append(where, "active = "+boolLit(s.DB, true))
	}
	if f.Owner != "" {
		where = append(where, "owner_region = "+arg(f.Owner))
	}
	if f.Kind != "" {
		where = append(where, "kind = "+arg(f.Kind))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM subsidy_programme WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	rows, err := s.DB.Query(ctx, `SELECT `+programmeColumns+` FROM subsidy_programme WHERE `+cond+`
		ORDER BY CASE WHEN owner_region = '310000' THEN 0 ELSE 1 END, owner_region, code LIMIT `+arg(f.Limit)+` OFFSET `+arg(f.Offset), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Programme
	for rows.Next() {
		p, err := scanProgramme(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	for i := range out {
		if out[i].Rounds, err = rounds(ctx, s.DB, out[i].ID); err != nil {
			return nil, 0, err
		}
		b, err := balances(ctx, s.DB, out[i].ID)
		if err != nil {
			return nil, 0, err
		}
		out[i].BudgetFen = b.BudgetFen
	}
	return out, total, nil
}

func boolLit(q db.Querier, v bool) string {
	if q.Dialect() == db.Postgres {
		return map[bool]string{true: "TRUE", false: "FALSE"}[v]
	}
	return map[bool]string{true: "1", false: "0"}[v]
}

// CreateProgramme creates a programme and books its opening budget in the ledger. The caller must be
// allowed to act for the owner region.
func (s *Service) CreateProgramme(ctx context.Context, in ProgrammeInput) (Programme, error) {
	val, err := s.validate(ctx, in)
	if err != nil {
		return Programme{}, err
	}
	if err := s.mayOwn(ctx, val.in.Owner); err != nil {
		return Programme{}, err
	}
	in = val.in
	rules, _ := json.Marshal(normRules(in.Rules))
	docs, _ := json.Marshal(nonNil(in.Documents))
	var id int64
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		now := s.Now().UTC()
		err := tx.QueryRow(ctx, `INSERT INTO subsidy_programme (code, name_zh, name_en, owner_region, kind, budget_year,
			period_from, period_to, apply_from, apply_until, rules, rate_bp, cap_application_fen, cap_enterprise_year_fen,
			combinable, ceiling_bp, allocation, no_application, documents, review_days, owner_days, info_days, settle_days,
			description_zh, description_en, active, version, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,1,$27,$27) RETURNING id`,
			in.Code, in.NameZh, in.NameEn, in.Owner, in.Kind, in.BudgetYear, val.periodFrom.String(), val.periodTo.String(),
			val.applyFrom.String(), val.until.String(), string(rules), in.RateBP, in.CapApplicationFen, in.CapEnterpriseYearFen,
			val.combinable, in.CeilingBP, in.Allocation, in.NoApplication, string(docs), in.ReviewDays, in.OwnerDays, in.InfoDays,
			in.SettleDays, in.DescriptionZh, in.DescriptionEn, val.active, now).Scan(&id)
		if db.IsUniqueViolation(err) {
			return apperr.Invalid(apperr.F("code", "subsidy.code.taken", "Code", in.Code))
		}
		if err != nil {
			return err
		}
		if err := s.audit(ctx, tx, "subsidy.programme.create", "programme", id, map[string]any{"code": in.Code, "owner": in.Owner,
			"kind": in.Kind, "rate_bp": in.RateBP, "budget_fen": in.BudgetFen}); err != nil {
			return err
		}
		if in.BudgetFen > 0 {
			_, err = s.appendEntry(ctx, tx, Entry{ProgrammeID: id, Kind: EntryBudget, AmountFen: in.BudgetFen, Note: "期初预算 opening budget"})
		}
		return err
	})
	if err != nil {
		return Programme{}, err
	}
	return s.Programme(ctx, id)
}

// UpdateProgramme replaces a programme's terms (not its code, owner or budget, which the ledger
// holds). version must be the one read; a stale version is a conflict.
func (s *Service) UpdateProgramme(ctx context.Context, id int64, version int, in ProgrammeInput) (Programme, error) {
	old, err := s.Programme(ctx, id)
	if err != nil {
		return Programme{}, err
	}
	if err := s.mayOwn(ctx, old.Owner); err != nil {
		return Programme{}, err
	}
	if in.Code == "" {
		in.Code = old.Code
	}
	if in.Owner == "" {
		in.Owner = old.Owner
	}
	in.BudgetFen = 0
	val, err := s.validate(ctx, in)
	var v apperr.Validator
	if e, ok := apperr.As(err); ok && e.Kind == apperr.KindInvalid {
		for _, f := range e.Fields {
			v.Add(f.Name, f.Key, flatten(f.Args)...)
		}
	} else if err != nil {
		return Programme{}, err
	}
	v.Check(version > 0, "version", "subsidy.version.required")
	v.Check(val.in.Code == old.Code, "code", "subsidy.code.immutable")
	v.Check(val.in.Owner == old.Owner, "owner_region", "subsidy.owner.immutable")
	if val.in.Kind != old.Kind {
		v.Add("kind", "subsidy.kind.immutable")
	}
	if err := v.Err(); err != nil {
		return Programme{}, err
	}
	in = val.in
	rules, _ := json.Marshal(normRules(in.Rules))
	docs, _ := json.Marshal(nonNil(in.Documents))
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE subsidy_programme SET name_zh=$1, name_en=$2, budget_year=$3, period_from=$4, period_to=$5,
			apply_from=$6, apply_until=$7, rules=$8, rate_bp=$9, cap_application_fen=$10, cap_enterprise_year_fen=$11,
			combinable=$12, ceiling_bp=$13, allocation=$14, no_application=$15, documents=$16, review_days=$17, owner_days=$18,
			info_days=$19, settle_days=$20, description_zh=$21, description_en=$22, active=$23, version=version+1, updated_at=$24
			WHERE id=$25 AND version=$26`,
			in.NameZh, in.NameEn, in.BudgetYear, val.periodFrom.String(), val.periodTo.String(), val.applyFrom.String(), val.until.String(),
			string(rules), in.RateBP, in.CapApplicationFen, in.CapEnterpriseYearFen, val.combinable, in.CeilingBP, in.Allocation,
			in.NoApplication, string(docs), in.ReviewDays, in.OwnerDays, in.InfoDays, in.SettleDays, in.DescriptionZh, in.DescriptionEn,
			val.active, s.Now().UTC(), id, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.ErrConflict
		}
		return s.audit(ctx, tx, "subsidy.programme.update", "programme", id, map[string]any{"rules": string(rules),
			"rate_bp": in.RateBP, "cap_application_fen": in.CapApplicationFen, "cap_enterprise_year_fen": in.CapEnterpriseYearFen,
			"ceiling_bp": in.CeilingBP, "combinable": val.combinable, "allocation": in.Allocation, "active": val.active})
	})
	if err != nil {
		return Programme{}, err
	}
	return s.Programme(ctx, id)
}

// Input returns a programme as the input that would recreate it (for edit forms).
func (p Programme) Input() ProgrammeInput {
	c, a := p.Combinable, p.Active
	return ProgrammeInput{Code: p.Code, NameZh: p.NameZh, NameEn: p.NameEn, Owner: p.Owner, Kind: p.Kind, BudgetYear: p.BudgetYear,
		PeriodFrom: p.PeriodFrom.String(), PeriodTo: p.PeriodTo.String(), ApplyFrom: p.ApplyFrom.String(), ApplyUntil: p.ApplyUntil.String(),
		Rules: p.Rules, RateBP: p.RateBP, CapApplicationFen: p.CapApplicationFen, CapEnterpriseYearFen: p.CapEnterpriseYearFen,
		Combinable: &c, CeilingBP: p.CeilingBP, Allocation: p.Allocation, NoApplication: p.NoApplication, Documents: p.Documents,
		ReviewDays: p.ReviewDays, OwnerDays: p.OwnerDays, InfoDays: p.InfoDays, SettleDays: p.SettleDays,
		DescriptionZh: p.DescriptionZh, DescriptionEn: p.DescriptionEn, Active: &a}
}

func normRules(r Rules) Rules {
	r.HomeDistricts, r.Areas, r.Sizes, r.Industries = nonNil(r.HomeDistricts), nonNil(r.Areas), nonNil(r.Sizes), nonNil(r.Industries)
	r.Categories, r.ProviderDistricts, r.ProviderAlliances = nonNil(r.Categories), nonNil(r.ProviderDistricts), nonNil(r.ProviderAlliances)
	return r
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func flatten(m map[string]any) []any {
	out := make([]any, 0, 2*len(m))
	for k, v := range m {
		out = append(out, k, v)
	}
	return out
}

// RoundInput adds an application round.
type RoundInput struct {
	Name      string    `json:"name"`
	OpensOn   string    `json:"opens_on"`
	ClosesOn  string    `json:"closes_on"`
	BudgetFen money.Fen `json:"budget_fen"` // 0: no round budget (first-come on the programme's budget)
}

// AddRound adds a round; it must lie within the application window and overlap no other round.
// Pro-rata programmes need a round budget: it is what round close divides.
func (s *Service) AddRound(ctx context.Context, programmeID int64, in RoundInput) (Round, error) {
	var r Round
	ctx, err := s.preload(ctx, 0)
	if err != nil {
		return r, err
	}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		p, err := s.programme(ctx, tx, programmeID, true)
		if err != nil {
			return err
		}
		if err := s.mayOwn(ctx, p.Owner); err != nil {
			return err
		}
		var v apperr.Validator
		name := strings.TrimSpace(in.Name)
		v.Check(name != "", "name", "error.required")
		v.Check(utf8.RuneCountInString(name) <= 100, "name", "error.too_long", "Max", 100)
		opens, err1 := workday.ParseDate(strings.TrimSpace(in.OpensOn))
		closes, err2 := workday.ParseDate(strings.TrimSpace(in.ClosesOn))
		v.Check(err1 == nil, "opens_on", "subsidy.date.format")
		v.Check(err2 == nil, "closes_on", "subsidy.date.format")
		amount(&v, "budget_fen", in.BudgetFen)
		if p.Allocation == ProRata && in.BudgetFen <= 0 {
			v.Add("budget_fen", "subsidy.round.budget_required")
		}
		if err1 == nil && err2 == nil {
			switch {
			case closes.Before(opens):
				v.Add("closes_on", "subsidy.date.before_start")
			case opens.Before(p.ApplyFrom) || closes.After(p.ApplyUntil):
				v.Add("opens_on", "subsidy.round.outside_window", "From", p.ApplyFrom.String(), "Until", p.ApplyUntil.String())
			default:
				for _, o := range p.Rounds {
					if !closes.Before(o.OpensOn) && !opens.After(o.ClosesOn) {
						v.Add("opens_on", "subsidy.round.overlap", "Name", o.Name, "From", o.OpensOn.String(), "Until", o.ClosesOn.String())
						break
					}
				}
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := s.Now().UTC()
		r = Round{ProgrammeID: programmeID, Name: name, OpensOn: opens, ClosesOn: closes, BudgetFen: in.BudgetFen}
		if err := tx.QueryRow(ctx, `INSERT INTO subsidy_round (programme_id, name, opens_on, closes_on, budget_fen, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$6) RETURNING id`, programmeID, name, opens.String(), closes.String(), in.BudgetFen, now).Scan(&r.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, "subsidy.round.create", "programme", programmeID, map[string]any{"round": r.ID, "name": name,
			"opens_on": opens.String(), "closes_on": closes.String(), "budget_fen": in.BudgetFen})
	})
	return r, err
}

func rounds(ctx context.Context, q db.Querier, programmeID int64) ([]Round, error) {
	rows, err := q.Query(ctx, `SELECT id, programme_id, name, opens_on, closes_on, budget_fen, closed_at FROM subsidy_round
		WHERE programme_id = $1 ORDER BY opens_on`, programmeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Round{}
	for rows.Next() {
		var r Round
		var o, c string
		var closed sql.NullTime
		if err := rows.Scan(&r.ID, &r.ProgrammeID, &r.Name, &o, &c, &r.BudgetFen, &closed); err != nil {
			return nil, err
		}
		r.OpensOn, _ = workday.ParseDate(o)
		r.ClosesOn, _ = workday.ParseDate(c)
		if closed.Valid {
			t := closed.Time
			r.ClosedAt = &t
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// roundOn returns the round open on day d, if the programme has rounds; ok is false when it has
// rounds and none is open on d.
func (p Programme) roundOn(d workday.Date) (r *Round, ok bool) {
	if len(p.Rounds) == 0 {
		return nil, true
	}
	for i := range p.Rounds {
		if !d.Before(p.Rounds[i].OpensOn) && !d.After(p.Rounds[i].ClosesOn) {
			return &p.Rounds[i], true
		}
	}
	return nil, false
}

// audit records an entry about a subsidy object.
func (s *Service) audit(ctx context.Context, tx *db.Tx, action, objectType string, id int64, detail map[string]any) error {
	return s.Audit.Record(ctx, tx, audit.Entry{Action: action, ObjectType: objectType, ObjectID: fmt.Sprint(id), Detail: detail})
}

// names resolves region, alliance and category codes.
func (s *Service) names(ctx context.Context) (Names, error) {
	return s.Directory.Names(ctx)
}

// Names resolves region, alliance and category codes to names (for pages that show rules).
func (s *Service) Names(ctx context.Context) (Names, error) { return s.names(ctx) }

// MayOwn reports whether the caller may manage a programme of owner (pages use it to show forms).
func (s *Service) MayOwn(ctx context.Context, owner string) bool { return s.mayOwn(ctx, owner) == nil }

// MayReview reports whether the caller may review for owner.
func (s *Service) MayReview(ctx context.Context, owner string) bool {
	return s.mayReview(ctx, owner) == nil
}

// ProgrammeByCode returns a programme by its code.
func (s *Service) ProgrammeByCode(ctx context.Context, code string) (Programme, error) {
	var id int64
	err := s.DB.QueryRow(ctx, `SELECT id FROM subsidy_programme WHERE code = $1`, strings.ToUpper(strings.TrimSpace(code))).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Programme{}, apperr.NotFound("programme " + code)
	}
	if err != nil {
		return Programme{}, err
	}
	return s.Programme(ctx, id)
}
