package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/money"
	"chuhai/internal/network"
	"chuhai/internal/subsidy"
)

// subsidyProgrammeForm shows the form for a new programme, or for editing the one in the path: the
// rules are data the owner edits here.
func (s *Server) subsidyProgrammeForm(w http.ResponseWriter, r *http.Request) error {
	if r.PathValue("id") == "" {
		in := subsidy.ProgrammeInput{Kind: subsidy.KindRate, Allocation: subsidy.FirstCome, CeilingBP: money.BasisPoints,
			ReviewDays: 5, OwnerDays: 10, InfoDays: 10, SettleDays: 10}
		st, err := s.programmeForm(r, in, 0, 0)
		if err != nil {
			return err
		}
		return s.render(w, r, "subsidy_programme_form", "subsidy.programme.new", st)
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Subsidy.Programme(r.Context(), id)
	if err != nil {
		return err
	}
	if !s.Subsidy.MayOwn(r.Context(), p.Owner) {
		return apperr.ErrForbidden
	}
	st, err := s.programmeForm(r, p.Input(), p.ID, p.Version)
	if err != nil {
		return err
	}
	return s.render(w, r, "subsidy_programme_form", "subsidy.programme.edit", st)
}

// subsidyRef is the reference data the programme form offers.
type subsidyRef struct {
	districts, areas []network.Region
	alliances        []network.Alliance
	names            subsidy.Names
}

func (s *Server) subsidyRef(ctx context.Context) (subsidyRef, error) {
	var ref subsidyRef
	var err error
	if ref.districts, err = s.Network.ListRegions(ctx, network.RegionFilter{Kind: network.RegionDistrict}); err != nil {
		return ref, err
	}
	if ref.areas, err = s.Network.ListRegions(ctx, network.RegionFilter{Kind: "area"}); err != nil {
		return ref, err
	}
	if ref.alliances, _, err = s.Network.ListAlliances(ctx, network.AllianceFilter{Limit: 100}); err != nil {
		return ref, err
	}
	ref.names, err = s.Subsidy.Names(ctx)
	return ref, err
}

func yuanText(f money.Fen) string {
	if f == 0 {
		return ""
	}
	return f.String()
}

// programmeForm lays out the programme form with in's values; id is 0 for a new programme.
func (s *Server) programmeForm(r *http.Request, in subsidy.ProgrammeInput, id int64, version int) (*formState, error) {
	ref, err := s.subsidyRef(r.Context())
	if err != nil {
		return nil, err
	}
	lang := info(r).lang
	st := &formState{Action: "/subsidy/programmes", Version: version, Cancel: "/subsidy"}
	if id != 0 {
		st.Action, st.Cancel = "/subsidy/programmes/"+itoa(id), "/subsidy/programmes/"+itoa(id)
	}
	text := func(name, label, value string, max int, required bool) formField {
		return formField{Lang: lang, Name: name, Label: label, Kind: "text", Value: value, MaxLen: max, Required: required}
	}
	hinted := func(f formField, hint string) formField { f.Hint = hint; return f }
	kind := func(f formField, k string) formField { f.Kind = k; return f }
	regionOpts := func(rs []network.Region, selected []string) []option {
		var out []option
		for _, rg := range rs {
			out = append(out, option{Value: rg.Code, Zh: rg.NameZh, En: rg.NameEn, Selected: slices.Contains(selected, rg.Code)})
		}
		return out
	}
	checks := func(name, label string, opts []option) formField {
		return formField{Lang: lang, Name: name, Label: label, Kind: "checkboxes", Groups: []optGroup{{Options: opts}}}
	}
	owners := []option{{Value: subsidy.ShanghaiCode, Zh: "上海市（市级）", En: "Shanghai (city)", Selected: in.Owner == subsidy.ShanghaiCode}}
	owners = append(owners, regionOpts(ref.districts, []string{in.Owner})...)
	owners = append(owners, regionOpts(ref.areas, []string{in.Owner})...)
	var kinds, allocs, sizes, cats, alls []option
	for _, k := range []string{subsidy.KindRate, subsidy.KindReview, subsidy.KindVoucher} {
		kinds = append(kinds, option{Value: k, Key: "subsidy.kind." + k, Selected: k == in.Kind})
	}
	for _, a := range []string{subsidy.FirstCome, subsidy.ProRata} {
		allocs = append(allocs, option{Value: a, Key: "subsidy.allocation." + a, Selected: a == in.Allocation})
	}
	for _, z := range subsidy.SizeClasses {
		sizes = append(sizes, option{Value: z, Key: "subsidy.size." + z, Selected: slices.Contains(in.Rules.Sizes, z)})
	}
	codes := make([]string, 0, len(ref.names.Categories))
	for c := range ref.names.Categories {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		n := ref.names.Categories[c]
		cats = append(cats, option{Value: c, Zh: n.Zh, En: n.En, Selected: slices.Contains(in.Rules.Categories, c)})
	}
	for _, a := range ref.alliances {
		alls = append(alls, option{Value: a.Code, Zh: a.NameZh, En: a.NameEn, Selected: slices.Contains(in.Rules.ProviderAlliances, a.Code)})
	}
	var docs []string
	for _, d := range in.Documents {
		req := ""
		if d.Required {
			req = " | required"
		}
		docs = append(docs, d.Code+" | "+d.NameZh+" | "+d.NameEn+req)
	}
	flag := func(name, label string, on bool) formField {
		v := ""
		if on {
			v = "1"
		}
		return formField{Lang: lang, Name: name, Label: label, Kind: "checkbox", Value: v}
	}
	code := hinted(text("code", "subsidy.field.code", in.Code, 25, true), "subsidy.hint.code")
	code.ReadOnly = id != 0
	year := ""
	if in.BudgetYear != 0 {
		year = strconv.Itoa(in.BudgetYear)
	}
	st.Fields = []formField{
		code,
		text("name_zh", "subsidy.field.name_zh", in.NameZh, 100, true),
		func() formField {
			f := text("name_en", "subsidy.field.name_en", in.NameEn, 200, false)
			f.InputLan = "en"
			return f
		}(),
		{Lang: lang, Name: "owner_region", Label: "subsidy.field.owner", Kind: "select", Required: true, Groups: []optGroup{{Options: owners}}},
		{Lang: lang, Name: "kind", Label: "subsidy.field.kind", Kind: "select", Required: true, Groups: []optGroup{{Options: kinds}}},
		text("budget_year", "subsidy.field.budget_year", year, 4, true),
	}
	if id == 0 {
		st.Fields = append(st.Fields, hinted(text("budget_fen", "subsidy.field.budget", yuanText(in.BudgetFen), 30, true), "subsidy.hint.yuan"))
	}
	st.Fields = append(st.Fields,
		kind(text("period_from", "subsidy.field.period_from", in.PeriodFrom, 10, true), "date"),
		kind(text("period_to", "subsidy.field.period_to", in.PeriodTo, 10, true), "date"),
		kind(text("apply_from", "subsidy.field.apply_from", in.ApplyFrom, 10, true), "date"),
		kind(text("apply_until", "subsidy.field.apply_until", in.ApplyUntil, 10, true), "date"),
		hinted(text("rate_bp", "subsidy.field.rate_bp", strconv.FormatInt(in.RateBP, 10), 6, false), "subsidy.hint.bp"),
		hinted(text("cap_application_fen", "subsidy.field.cap_application", yuanText(in.CapApplicationFen), 30, false), "subsidy.hint.cap"),
		hinted(text("cap_enterprise_year_fen", "subsidy.field.cap_year", yuanText(in.CapEnterpriseYearFen), 30, false), "subsidy.hint.cap"),
		flag("combinable", "subsidy.field.combinable", in.Combinable == nil || *in.Combinable),
		hinted(text("ceiling_bp", "subsidy.field.ceiling_bp", strconv.FormatInt(in.CeilingBP, 10), 6, true), "subsidy.hint.ceiling"),
		formField{Lang: lang, Name: "allocation", Label: "subsidy.field.allocation", Kind: "select", Required: true, Groups: []optGroup{{Options: allocs}}},
		flag("no_application", "subsidy.field.no_application", in.NoApplication),
		checks("rules.home_districts", "subsidy.rule.home_districts", regionOpts(ref.districts, in.Rules.HomeDistricts)),
		checks("rules.areas", "subsidy.rule.areas", regionOpts(ref.areas, in.Rules.Areas)),
		checks("rules.sizes", "subsidy.rule.sizes", sizes),
		hinted(text("rules.industries", "subsidy.rule.industries", strings.Join(in.Rules.Industries, ", "), 300, false), "subsidy.hint.industries"),
		checks("rules.categories", "subsidy.rule.categories", cats),
		checks("rules.provider_districts", "subsidy.rule.provider_districts", regionOpts(ref.districts, in.Rules.ProviderDistricts)),
		checks("rules.provider_alliances", "subsidy.rule.provider_alliances", alls),
		hinted(text("rules.min_spend_fen", "subsidy.rule.min_spend", yuanText(in.Rules.MinSpendFen), 30, false), "subsidy.hint.yuan"),
		hinted(kind(text("documents", "subsidy.programme.documents", strings.Join(docs, "\n"), 4000, false), "textarea"), "subsidy.hint.documents"),
		text("review_days", "subsidy.field.review_days", strconv.Itoa(in.ReviewDays), 3, true),
		text("owner_days", "subsidy.field.owner_days", strconv.Itoa(in.OwnerDays), 3, true),
		text("info_days", "subsidy.field.info_days", strconv.Itoa(in.InfoDays), 3, true),
		text("settle_days", "subsidy.field.settle_days", strconv.Itoa(in.SettleDays), 3, true),
		kind(text("description_zh", "subsidy.field.description_zh", in.DescriptionZh, 2000, false), "textarea"),
		func() formField {
			f := kind(text("description_en", "subsidy.field.description_en", in.DescriptionEn, 2000, false), "textarea")
			f.InputLan = "en"
			return f
		}(),
	)
	if id != 0 {
		st.Fields = append(st.Fields, flag("active", "subsidy.field.active", in.Active == nil || *in.Active))
	}
	return st, nil
}

// programmeInput reads the programme form. Amounts are typed in yuan, rates in basis points.
func programmeInput(f url.Values) (subsidy.ProgrammeInput, error) {
	var v apperr.Validator
	yuanField := func(name string) money.Fen {
		s := trimmed(f, name)
		if s == "" {
			return 0
		}
		y, err := money.ParseYuan(name, s)
		if e, ok := apperr.As(err); ok {
			for _, fe := range e.Fields {
				v.Add(fe.Name, fe.Key, flattenArgs(fe.Args)...)
			}
		}
		return y
	}
	intField := func(name string) int64 {
		s := trimmed(f, name)
		if s == "" {
			return 0
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			v.Add(name, "subsidy.number")
		}
		return n
	}
	combinable, active := f.Get("combinable") == "1", f.Get("active") == "1"
	in := subsidy.ProgrammeInput{Code: trimmed(f, "code"), NameZh: trimmed(f, "name_zh"), NameEn: trimmed(f, "name_en"),
		Owner: trimmed(f, "owner_region"), Kind: trimmed(f, "kind"), BudgetYear: int(intField("budget_year")), BudgetFen: yuanField("budget_fen"),
		PeriodFrom: trimmed(f, "period_from"), PeriodTo: trimmed(f, "period_to"), ApplyFrom: trimmed(f, "apply_from"), ApplyUntil: trimmed(f, "apply_until"),
		RateBP: intField("rate_bp"), CapApplicationFen: yuanField("cap_application_fen"), CapEnterpriseYearFen: yuanField("cap_enterprise_year_fen"),
		Combinable: &combinable, CeilingBP: intField("ceiling_bp"), Allocation: trimmed(f, "allocation"), NoApplication: f.Get("no_application") == "1",
		ReviewDays: int(intField("review_days")), OwnerDays: int(intField("owner_days")), InfoDays: int(intField("info_days")),
		SettleDays: int(intField("settle_days")), DescriptionZh: trimmed(f, "description_zh"), DescriptionEn: trimmed(f, "description_en"), Active: &active,
		Rules: subsidy.Rules{HomeDistricts: f["rules.home_districts"], Areas: f["rules.areas"], Sizes: f["rules.sizes"],
			Categories: f["rules.categories"], ProviderDistricts: f["rules.provider_districts"], ProviderAlliances: f["rules.provider_alliances"],
			MinSpendFen: yuanField("rules.min_spend_fen")}}
	for _, code := range strings.FieldsFunc(trimmed(f, "rules.industries"), func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '、' }) {
		in.Rules.Industries = append(in.Rules.Industries, strings.ToUpper(code))
	}
	for i, ln := range strings.Split(strings.ReplaceAll(f.Get("documents"), "\r", ""), "\n") {
		if strings.TrimSpace(ln) == "" {
			continue
		}
		parts := strings.Split(ln, "|")
		if len(parts) < 2 || len(parts) > 4 {
			v.Add("documents", "subsidy.documents.format", "Line", i+1)
			continue
		}
		d := subsidy.Document{Code: strings.TrimSpace(parts[0]), NameZh: strings.TrimSpace(parts[1])}
		if len(parts) > 2 {
			d.NameEn = strings.TrimSpace(parts[2])
		}
		if len(parts) > 3 {
			d.Required = slices.Contains([]string{"required", "必需", "必须", "yes", "是", "1"}, strings.ToLower(strings.TrimSpace(parts[3])))
		}
		in.Documents = append(in.Documents, d)
	}
	return in, v.Err()
}

func flattenArgs(m map[string]any) []any {
	out := make([]any, 0, 2*len(m))
	for k, v := range m {
		out = append(out, k, v)
	}
	return out
}

// subsidyProgrammeSave creates (POST /subsidy/programmes) or replaces (POST /subsidy/programmes/{id})
// a programme; on failure the form comes back with what was typed and the errors beside the fields.
func (s *Server) subsidyProgrammeSave(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	var id int64
	if r.PathValue("id") != "" {
		if id, err = pathID(r, "id"); err != nil {
			return err
		}
	}
	in, err := programmeInput(f)
	version := 0
	var p subsidy.Programme
	if err == nil {
		if id == 0 {
			p, err = s.Subsidy.CreateProgramme(r.Context(), in)
		} else if version, err = formVersion(f); err == nil {
			p, err = s.Subsidy.UpdateProgramme(r.Context(), id, version, in)
		}
	}
	if err != nil {
		st, ferr := s.programmeForm(r, in, id, version)
		if ferr != nil {
			return ferr
		}
		status, err := s.formFailure(r, err, st)
		if err != nil {
			return err
		}
		title := "subsidy.programme.new"
		if id != 0 {
			title = "subsidy.programme.edit"
		}
		s.renderStatus(w, r, status, "subsidy_programme_form", st, title)
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("/subsidy/programmes/%d?saved=1", p.ID), http.StatusSeeOther)
	return nil
}
