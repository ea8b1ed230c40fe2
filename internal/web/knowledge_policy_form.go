package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"chuhai/internal/knowledge"
	"chuhai/internal/network"
)

// policyForm shows the form for a new policy, or for editing the policy in the path.
func (s *Server) policyForm(w http.ResponseWriter, r *http.Request) error {
	ref, err := s.networkRef(r.Context())
	if err != nil {
		return err
	}
	if r.PathValue("id") == "" {
		in := knowledge.PolicyInput{Level: "municipal", IssuerKind: "city", Category: "funding"}
		return s.render(w, r, "policy_form", "knowledge.policy.new", s.policyFormState(r, ref, 0, 0, in))
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Knowledge.Policy(r.Context(), id, true)
	if err != nil {
		return err
	}
	return s.render(w, r, "policy_form", "knowledge.policy.edit", s.policyFormState(r, ref, id, p.Version, p.PolicyInput))
}

// policyFormState lays out the policy form; id is 0 for a new policy.
func (s *Server) policyFormState(r *http.Request, ref *networkRef, id int64, version int, in knowledge.PolicyInput) *formState {
	lang := info(r).lang
	st := &formState{Action: "/policies", Version: version, Cancel: "/policies"}
	if id != 0 {
		st.Action, st.Cancel = "/policies/"+strconv.FormatInt(id, 10), "/policies/"+strconv.FormatInt(id, 10)
	}
	text := func(name, label, value string, max int, required bool) formField {
		return formField{Lang: lang, Name: name, Label: label, Kind: "text", Value: value, MaxLen: max, Required: required}
	}
	kind := func(f formField, k string) formField { f.Kind = k; return f }
	hint := func(f formField, h string) formField { f.Hint = h; return f }
	en := func(f formField) formField { f.InputLan = "en"; return f }
	choices := func(name, label, prefix string, codes []string, chosen []string, k string) formField {
		var opts []option
		for _, c := range codes {
			opts = append(opts, option{Value: c, Key: prefix + c, Selected: slices.Contains(chosen, c)})
		}
		return formField{Lang: lang, Name: name, Label: label, Kind: k, Groups: []optGroup{{Options: opts}}}
	}
	regions := func(name, label string, regs []network.Region, chosen []string, k string) formField {
		var opts []option
		for _, g := range regs {
			opts = append(opts, option{Value: g.Code, Zh: g.NameZh, En: g.NameEn, Selected: slices.Contains(chosen, g.Code)})
		}
		return formField{Lang: lang, Name: name, Label: label, Kind: k, Groups: []optGroup{{Options: opts}}}
	}
	topics := func(name, label string, chosen []string) formField {
		var opts []option
		for _, t := range ref.topics {
			opts = append(opts, option{Value: t.Code, Zh: t.NameZh, En: t.NameEn, Selected: slices.Contains(chosen, t.Code)})
		}
		return formField{Lang: lang, Name: name, Label: label, Kind: "checkboxes", Groups: []optGroup{{Options: opts}}}
	}
	superseded := ""
	if in.SupersededBy != 0 {
		superseded = strconv.FormatInt(in.SupersededBy, 10)
	}
	issuerKind := choices("issuer_kind", "knowledge.field.issuer_kind", "knowledge.issuer_kind.", knowledge.IssuerKinds, []string{in.IssuerKind}, "select")
	issuerKind.Required = true
	level := choices("level", "knowledge.field.level", "knowledge.level_of.", knowledge.Levels, []string{in.Level}, "select")
	level.Required = true
	category := choices("category", "knowledge.field.category", "knowledge.category.", knowledge.Categories, []string{in.Category}, "select")
	category.Required = true
	st.Fields = []formField{
		text("title_zh", "knowledge.field.title_zh", in.TitleZh, 200, true),
		en(text("title_en", "knowledge.field.title_en", in.TitleEn, 200, false)),
		hint(text("doc_number", "knowledge.field.doc_number", in.DocNumber, 100, false), "knowledge.hint.doc_number"),
		issuerKind,
		hint(text("issuer_code", "knowledge.field.issuer_code", in.IssuerCode, 40, true), "knowledge.hint.issuer_code"),
		text("issuer_zh", "knowledge.field.issuer_zh", in.IssuerZh, 200, true),
		en(text("issuer_en", "knowledge.field.issuer_en", in.IssuerEn, 200, false)),
		level, category,
		kind(text("issued_on", "knowledge.field.issued_on", in.IssuedOn, 10, true), "date"),
		kind(text("effective_on", "knowledge.field.effective_on", in.EffectiveOn, 10, true), "date"),
		hint(kind(text("expires_on", "knowledge.field.expires_on", in.ExpiresOn, 10, false), "date"), "knowledge.hint.expires_on"),
		hint(text("superseded_by", "knowledge.field.superseded_by", superseded, 20, false), "knowledge.hint.superseded_by"),
		topics("topics", "knowledge.field.topics", in.Topics),
		hint(regions("applies_to.districts", "knowledge.field.applies_districts", ref.ofKind(network.RegionDistrict), in.Applies.Districts, "checkboxes"), "knowledge.hint.applies"),
		hint(text("applies_to.industries", "knowledge.field.applies_industries", strings.Join(in.Applies.Industries, " "), 200, false), "knowledge.hint.industries"),
		choices("applies_to.sizes", "knowledge.field.applies_sizes", "knowledge.size.", knowledge.Sizes, in.Applies.Sizes, "checkboxes"),
		choices("applies_to.ownerships", "knowledge.field.applies_ownerships", "knowledge.ownership.", knowledge.Ownerships, in.Applies.Ownerships, "checkboxes"),
		hint(regions("applies_to.countries", "knowledge.field.applies_countries", ref.ofKind(network.RegionCountry), in.Applies.Countries, "multiselect"), "network.hint.countries"),
		topics("applies_to.topics", "knowledge.field.applies_topics", in.Applies.Topics),
		hint(kind(text("summary_zh", "knowledge.field.summary_zh", in.SummaryZh, 4000, false), "textarea"), "knowledge.hint.markdown"),
		en(kind(text("summary_en", "knowledge.field.summary_en", in.SummaryEn, 4000, false), "textarea")),
		hint(kind(text("body_zh", "knowledge.field.body_zh", in.BodyZh, 200000, false), "textarea"), "knowledge.hint.markdown"),
		en(kind(text("body_en", "knowledge.field.body_en", in.BodyEn, 200000, false), "textarea")),
		kind(text("source_url", "knowledge.field.source_url", in.SourceURL, 1000, false), "url"),
	}
	return st
}
