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
	"chuhai/internal/directory"
	"chuhai/internal/industry"
	"chuhai/internal/money"
)

// The directory's forms: profiles with repeated rows (contacts, overseas entities, offices, the
// service menu, licences). Every input is named as the JSON field that validation errors name
// ("contacts[0].phone"), so that each error lands beside its input.

// dirForm is a form in groups of fields.
type dirForm struct {
	Action, Cancel string
	Version        int
	Submit         string // catalogue id of the button
	Groups         []fieldGroup
	Summary        []formProblem
	Note           string // catalogue id of a note above the form
}

// fieldGroup is a fieldset.
type fieldGroup struct {
	Legend string // already in the page's language
	Hint   string // catalogue id
	Fields []formField
}

// failure puts an error's messages beside their inputs and in the summary; it returns the status to
// render with, or the error when it is not the form's to show.
func (s *Server) dirFormFailure(r *http.Request, err error, st *dirForm) (int, error) {
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.KindInvalid && e.Kind != apperr.KindConflict && e.Kind != apperr.KindForbidden {
		return 0, err
	}
	lang := info(r).lang
	if e.Kind == apperr.KindConflict && len(e.Fields) == 0 {
		key := e.Key
		if e == apperr.ErrConflict || key == "error.conflict" {
			key = "network.form.conflict"
		}
		st.Summary = append(st.Summary, formProblem{Message: s.Cat.T(lang, key, e.Args)})
		return http.StatusConflict, nil
	}
	if e.Kind == apperr.KindForbidden {
		return 0, err
	}
	for _, fe := range e.Fields {
		msg := s.Cat.T(lang, fe.Key, fe.Args)
		item := formProblem{Label: fe.Name, Message: msg}
	groups:
		for gi := range st.Groups {
			for fi := range st.Groups[gi].Fields {
				f := &st.Groups[gi].Fields[fi]
				if f.Name == fe.Name {
					if f.Error == "" {
						f.Error = msg
					}
					item.Field, item.Label = "f-"+fe.Name, s.Cat.T(lang, f.Label, nil)
					if st.Groups[gi].Legend != "" {
						item.Label = st.Groups[gi].Legend + " · " + item.Label
					}
					break groups
				}
			}
		}
		st.Summary = append(st.Summary, item)
	}
	if len(e.Fields) == 0 {
		st.Summary = append(st.Summary, formProblem{Message: s.Cat.T(lang, e.Key, e.Args)})
	}
	return http.StatusBadRequest, nil
}

// formOptions is what profile forms offer to choose from.
type formOptions struct {
	lang      string
	districts []directory.Region
	countries []directory.Region
	cities    []directory.Region
}

func (s *Server) formOptions(ctx context.Context, lang string) (*formOptions, error) {
	ds, err := s.Directory.Districts(ctx)
	if err != nil {
		return nil, err
	}
	cs, err := s.Directory.Countries(ctx)
	if err != nil {
		return nil, err
	}
	cities, err := s.Directory.Cities(ctx)
	if err != nil {
		return nil, err
	}
	return &formOptions{lang: lang, districts: ds, countries: cs, cities: cities}, nil
}

func regionOptions(rs []directory.Region, selected ...string) []option {
	out := make([]option, len(rs))
	for i, r := range rs {
		out[i] = option{Value: r.Code, Zh: r.NameZh, En: r.NameEn, Selected: slices.Contains(selected, r.Code)}
	}
	return out
}

func choiceOptions(v *directory.Vocabulary, selected ...string) []option {
	out := make([]option, len(v.Choices))
	for i, c := range v.Choices {
		out[i] = option{Value: c.Code, Zh: c.NameZh, En: c.NameEn, Selected: slices.Contains(selected, c.Code)}
	}
	return out
}

func industryGroups(selected string) []optGroup {
	var out []optGroup
	for _, sec := range industry.Sections() {
		g := optGroup{Options: []option{{Value: sec.Code, Zh: sec.Code + " " + sec.NameZh, En: sec.Code + " " + sec.NameEn, Selected: sec.Code == selected}}}
		for _, d := range sec.Divisions {
			g.Options = append(g.Options, option{Value: d.Code, Zh: "　" + d.Code + " " + d.NameZh, En: "　" + d.Code + " " + d.NameEn, Selected: d.Code == selected})
		}
		out = append(out, g)
	}
	return out
}

func (o *formOptions) text(name, label, value string, max int, required bool) formField {
	return formField{Lang: o.lang, Name: name, Label: label, Kind: "text", Value: value, MaxLen: max, Required: required}
}

func (o *formOptions) en(f formField) formField { f.InputLan = "en"; return f }

func (o *formOptions) kind(f formField, kind string) formField { f.Kind = kind; return f }

func (o *formOptions) sel(name, label string, groups []optGroup, required bool) formField {
	return formField{Lang: o.lang, Name: name, Label: label, Kind: "select", Groups: groups, Required: required}
}

func (o *formOptions) multi(name, label, hint string, opts []option) formField {
	return formField{Lang: o.lang, Name: name, Label: label, Hint: hint, Kind: "multiselect", Groups: []optGroup{{Options: opts}}}
}

// legend names the i-th row of a repeated group: "联系人 2".
func (s *Server) legend(lang, key string, i int) string {
	return s.Cat.T(lang, key, map[string]any{"N": i + 1})
}

// rowCount is how many rows a repeated group shows: those filled, and some blank ones, within max.
func rowCount(filled, blank, min, max int) int {
	n := filled + blank
	if n < min {
		n = min
	}
	if n > max {
		n = max
	}
	return n
}

func (s *Server) contactGroups(o *formOptions, cs []directory.Contact) []fieldGroup {
	var out []fieldGroup
	for i := range rowCount(len(cs), 1, 2, 20) {
		var c directory.Contact
		if i < len(cs) {
			c = cs[i]
		}
		p := fmt.Sprintf("contacts[%d].", i)
		out = append(out, fieldGroup{Legend: s.legend(o.lang, "directory.form.contact_n", i), Fields: []formField{
			o.text(p+"name", "directory.field.contact_name", c.Name, 100, false),
			o.text(p+"title", "directory.field.contact_title", c.Title, 100, false),
			o.kind(o.text(p+"phone", "directory.field.phone", c.Phone, 40, false), "tel"),
			o.kind(o.text(p+"email", "directory.field.email", c.Email, 254, false), "email"),
		}})
	}
	return out
}

// formRow is one filled row of a repeated group: its values by field, and the row's number on the
// form.
type formRow map[string][]string

// rows reads the indexed rows prefix[0].…, prefix[1].… of a form, up to max, keeping only rows with
// something in them; fields are the names after the dot. The row's number on the form is under "#".
func rows(f url.Values, prefix string, max int, fields ...string) []formRow {
	var out []formRow
	for i := range max {
		row := formRow{"#": {strconv.Itoa(i)}}
		filled := false
		for _, name := range fields {
			key := fmt.Sprintf("%s[%d].%s", prefix, i, name)
			vs := f[key]
			for j := range vs {
				vs[j] = strings.TrimSpace(vs[j])
				filled = filled || vs[j] != ""
			}
			row[name] = vs
		}
		if filled {
			out = append(out, row)
		}
	}
	return out
}

func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

func contactsFrom(f url.Values) []directory.Contact {
	var out []directory.Contact
	for _, r := range rows(f, "contacts", 20, "name", "title", "phone", "email") {
		out = append(out, directory.Contact{Name: first(r["name"]), Title: first(r["title"]), Phone: first(r["phone"]), Email: first(r["email"])})
	}
	return out
}

// enterpriseForm lays out an enterprise's profile; id is 0 for a new one.
func (s *Server) enterpriseForm(o *formOptions, in directory.EnterpriseInput, id int64, version int) *dirForm {
	ref := directory.Ref()
	st := &dirForm{Action: "/console/enterprises", Cancel: "/console/enterprises", Version: version, Submit: "directory.form.save"}
	if id != 0 {
		st.Action, st.Cancel = fmt.Sprintf("/console/enterprises/%d", id), fmt.Sprintf("/console/enterprises/%d", id)
	}
	uscc := o.text("uscc", "directory.field.uscc", in.USCC, 18, true)
	uscc.Hint = "directory.hint.uscc"
	uscc.ReadOnly = id != 0
	district := o.sel("home_district", "directory.field.home_district", []optGroup{{Options: regionOptions(o.districts, in.HomeDistrict)}}, id == 0)
	district.Hint = "directory.hint.home_district"
	if id != 0 {
		district.Hint = "directory.hint.home_district_locked"
	}
	st.Groups = []fieldGroup{{Fields: []formField{
		uscc,
		o.text("name_zh", "directory.field.name_zh", in.NameZh, 100, true),
		o.en(o.text("name_en", "directory.field.name_en", in.NameEn, 200, false)),
		o.text("address_zh", "directory.field.address_zh", in.AddressZh, 300, false),
		o.en(o.text("address_en", "directory.field.address_en", in.AddressEn, 300, false)),
		district,
		o.sel("industry", "directory.field.industry", industryGroups(in.Industry), false),
		o.sel("size_class", "directory.field.size_class", []optGroup{{Options: choiceOptions(ref.SizeClasses, in.SizeClass)}}, false),
		o.sel("ownership", "directory.field.ownership", []optGroup{{Options: choiceOptions(ref.Ownerships, in.Ownership)}}, false),
		o.en(o.kind(o.text("website", "directory.field.website", in.Website, 300, false), "url")),
		o.multi("markets", "directory.field.markets", "directory.hint.multi", regionOptions(o.countries, in.Markets...)),
	}}}
	for i := range rowCount(len(in.Entities), 1, 2, 50) {
		var e directory.OverseasEntity
		if i < len(in.Entities) {
			e = in.Entities[i]
		}
		p := fmt.Sprintf("entities[%d].", i)
		st.Groups = append(st.Groups, fieldGroup{Legend: s.legend(o.lang, "directory.form.entity_n", i), Fields: []formField{
			o.sel(p+"country", "directory.field.country", []optGroup{{Options: regionOptions(o.countries, e.Country)}}, false),
			o.sel(p+"kind", "directory.field.entity_kind", []optGroup{{Options: choiceOptions(ref.EntityKinds, e.Kind)}}, false),
			o.text(p+"name", "directory.field.entity_name", e.Name, 200, false),
			o.sel(p+"status", "directory.field.entity_status", []optGroup{{Options: choiceOptions(ref.EntityStatuses, e.Status)}}, false),
		}})
	}
	st.Groups = append(st.Groups, s.contactGroups(o, in.Contacts)...)
	return st
}

func enterpriseFrom(f url.Values) directory.EnterpriseInput {
	in := directory.EnterpriseInput{USCC: trimmed(f, "uscc"), NameZh: trimmed(f, "name_zh"), NameEn: trimmed(f, "name_en"),
		HomeDistrict: trimmed(f, "home_district"), AddressZh: trimmed(f, "address_zh"), AddressEn: trimmed(f, "address_en"),
		Industry: trimmed(f, "industry"), SizeClass: trimmed(f, "size_class"), Ownership: trimmed(f, "ownership"),
		Website: trimmed(f, "website"), Markets: f["markets"], Contacts: contactsFrom(f)}
	for _, r := range rows(f, "entities", 50, "country", "kind", "name", "status") {
		in.Entities = append(in.Entities, directory.OverseasEntity{Country: first(r["country"]), Kind: first(r["kind"]),
			Name: first(r["name"]), Status: first(r["status"])})
	}
	return in
}

// providerForm lays out a provider's profile; id is 0 for a new one.
func (s *Server) providerForm(o *formOptions, in directory.ProviderInput, id int64, version int) *dirForm {
	ref := directory.Ref()
	st := &dirForm{Action: "/console/providers", Cancel: "/console/providers", Version: version, Submit: "directory.form.save"}
	if id != 0 {
		st.Action, st.Cancel = fmt.Sprintf("/console/providers/%d", id), fmt.Sprintf("/providers/%d", id)
	}
	cats := formField{Lang: o.lang, Name: "categories", Label: "directory.field.categories", Kind: "checkboxes",
		Groups: []optGroup{{Options: choiceOptions(ref.Categories, in.Categories...)}}}
	uscc := o.text("uscc", "directory.field.uscc", in.USCC, 18, false)
	uscc.Hint = "directory.hint.provider_identity"
	st.Groups = []fieldGroup{{Fields: []formField{
		o.text("name_zh", "directory.field.name_zh", in.NameZh, 100, true),
		o.en(o.text("name_en", "directory.field.name_en", in.NameEn, 200, false)),
		uscc,
		o.sel("foreign_country", "directory.field.foreign_country", []optGroup{{Options: regionOptions(o.countries, in.ForeignCountry)}}, false),
		o.en(o.text("foreign_reg_no", "directory.field.foreign_reg_no", in.ForeignRegNo, 64, false)),
		cats,
		o.multi("countries", "directory.field.countries", "directory.hint.multi", regionOptions(o.countries, in.Countries...)),
		o.multi("languages", "directory.field.languages", "directory.hint.multi", choiceOptions(ref.Languages, in.Languages...)),
		o.kind(o.text("description_zh", "directory.field.description_zh", in.DescriptionZh, 4000, false), "textarea"),
		o.en(o.kind(o.text("description_en", "directory.field.description_en", in.DescriptionEn, 4000, false), "textarea")),
		o.en(o.kind(o.text("website", "directory.field.website", in.Website, 300, false), "url")),
	}}}
	officeGroups := []optGroup{{Label: "directory.region.districts", Options: nil}, {Label: "directory.region.cities"}, {Label: "directory.region.countries"}}
	for i := range rowCount(len(in.Offices), 1, 2, 30) {
		var of directory.Office
		if i < len(in.Offices) {
			of = in.Offices[i]
		}
		groups := slices.Clone(officeGroups)
		groups[0].Options = regionOptions(o.districts, of.Region)
		groups[1].Options = regionOptions(o.cities, of.Region)
		groups[2].Options = regionOptions(o.countries, of.Region)
		p := fmt.Sprintf("offices[%d].", i)
		head := "0"
		if of.Head {
			head = "1"
		}
		st.Groups = append(st.Groups, fieldGroup{Legend: s.legend(o.lang, "directory.form.office_n", i), Fields: []formField{
			o.sel(p+"region", "directory.field.office_region", groups, false),
			o.text(p+"address_zh", "directory.field.address_zh", of.AddressZh, 300, false),
			o.en(o.text(p+"address_en", "directory.field.address_en", of.AddressEn, 300, false)),
			o.sel(p+"head", "directory.field.head_office", []optGroup{{Options: []option{
				{Value: "0", Key: "directory.form.no", Selected: head == "0"}, {Value: "1", Key: "directory.form.yes", Selected: head == "1"}}}}, false),
		}})
	}
	for i := range rowCount(len(in.Services), 2, 3, 100) {
		var sv directory.Service
		if i < len(in.Services) {
			sv = in.Services[i]
		}
		p := fmt.Sprintf("services[%d].", i)
		price := func(name, label string, fen int64) formField {
			v := ""
			if sv.NameZh != "" {
				v = money.Fen(fen).Plain()
			}
			f := o.text(p+name, label, v, 20, false)
			f.Hint = "directory.hint.yuan"
			return f
		}
		days := ""
		if sv.DeliveryDays > 0 {
			days = strconv.Itoa(sv.DeliveryDays)
		}
		st.Groups = append(st.Groups, fieldGroup{Legend: s.legend(o.lang, "directory.form.service_n", i), Fields: []formField{
			o.sel(p+"category", "directory.field.category", []optGroup{{Options: choiceOptions(ref.Categories, sv.Category)}}, false),
			o.text(p+"name_zh", "directory.field.service_name_zh", sv.NameZh, 100, false),
			o.en(o.text(p+"name_en", "directory.field.service_name_en", sv.NameEn, 200, false)),
			price("price_min_fen", "directory.field.price_min", sv.PriceMinFen),
			price("price_max_fen", "directory.field.price_max", sv.PriceMaxFen),
			o.kind(o.text(p+"delivery_days", "directory.field.delivery_days", days, 4, false), "number"),
			o.multi(p+"countries", "directory.field.service_countries", "directory.hint.service_countries", regionOptions(o.countries, sv.Countries...)),
			o.multi(p+"languages", "directory.field.service_languages", "directory.hint.service_languages", choiceOptions(ref.Languages, sv.Languages...)),
		}})
	}
	for i := range rowCount(len(in.Licences), 1, 1, 30) {
		var l directory.Licence
		if i < len(in.Licences) {
			l = in.Licences[i]
		}
		p := fmt.Sprintf("licences[%d].", i)
		st.Groups = append(st.Groups, fieldGroup{Legend: s.legend(o.lang, "directory.form.licence_n", i), Fields: []formField{
			o.text(p+"kind", "directory.field.licence_kind", l.Kind, 100, false),
			o.text(p+"number", "directory.field.licence_number", l.Number, 100, false),
			o.text(p+"issuer", "directory.field.licence_issuer", l.Issuer, 100, false),
			o.kind(o.text(p+"valid_until", "directory.field.valid_until", l.ValidUntil, 10, false), "date"),
		}})
	}
	st.Groups = append(st.Groups, s.contactGroups(o, in.Contacts)...)
	return st
}

// providerFrom reads a provider form. Prices are typed in yuan; one that does not read as an amount
// is a field error beside it.
func providerFrom(f url.Values) (directory.ProviderInput, error) {
	in := directory.ProviderInput{USCC: trimmed(f, "uscc"), NameZh: trimmed(f, "name_zh"), NameEn: trimmed(f, "name_en"),
		ForeignCountry: trimmed(f, "foreign_country"), ForeignRegNo: trimmed(f, "foreign_reg_no"),
		DescriptionZh: trimmed(f, "description_zh"), DescriptionEn: trimmed(f, "description_en"), Website: trimmed(f, "website"),
		Categories: f["categories"], Countries: f["countries"], Languages: f["languages"], Contacts: contactsFrom(f)}
	for _, r := range rows(f, "offices", 30, "region", "address_zh", "address_en") {
		// The head-office select always sends a value, so it does not make a row filled.
		in.Offices = append(in.Offices, directory.Office{Region: first(r["region"]), AddressZh: first(r["address_zh"]),
			AddressEn: first(r["address_en"]), Head: f.Get("offices["+first(r["#"])+"].head") == "1"})
	}
	var v apperr.Validator
	for i := range 100 {
		p := fmt.Sprintf("services[%d].", i)
		name, cat := trimmed(f, p+"name_zh"), trimmed(f, p+"category")
		minS, maxS, daysS := trimmed(f, p+"price_min_fen"), trimmed(f, p+"price_max_fen"), trimmed(f, p+"delivery_days")
		if name == "" && trimmed(f, p+"name_en") == "" && minS == "" && maxS == "" && daysS == "" {
			continue
		}
		sv := directory.Service{Category: cat, NameZh: name, NameEn: trimmed(f, p+"name_en"), Countries: f[p+"countries"], Languages: f[p+"languages"]}
		// Errors name the row as it will be shown again: filled rows first.
		p = fmt.Sprintf("services[%d].", len(in.Services))
		if lo, err := money.ParseYuan(p+"price_min_fen", minS); err != nil {
			_ = mergeInto(&v, err)
		} else {
			sv.PriceMinFen = int64(lo)
		}
		if hi, err := money.ParseYuan(p+"price_max_fen", maxS); err != nil {
			_ = mergeInto(&v, err)
		} else {
			sv.PriceMaxFen = int64(hi)
		}
		if n, err := strconv.Atoi(daysS); err == nil {
			sv.DeliveryDays = n
		} else {
			v.Add(p+"delivery_days", "directory.service.delivery", "Max", 3650)
		}
		in.Services = append(in.Services, sv)
	}
	for _, r := range rows(f, "licences", 30, "kind", "number", "issuer", "valid_until") {
		in.Licences = append(in.Licences, directory.Licence{Kind: first(r["kind"]), Number: first(r["number"]), Issuer: first(r["issuer"]),
			ValidUntil: first(r["valid_until"])})
	}
	return in, v.Err()
}

// mergeInto copies a validation error's fields into v.
func mergeInto(v *apperr.Validator, err error) error {
	e, ok := apperr.As(err)
	if !ok {
		return err
	}
	for _, f := range e.Fields {
		var args []any
		for k, a := range f.Args {
			args = append(args, k, a)
		}
		v.Add(f.Name, f.Key, args...)
	}
	return nil
}
