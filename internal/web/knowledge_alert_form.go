package web

import (
	"net/http"
	"strconv"

	"chuhai/internal/knowledge"
	"chuhai/internal/network"
)

// alertForm shows the form for a new alert, or for changing the alert in the path.
func (s *Server) alertForm(w http.ResponseWriter, r *http.Request) error {
	ref, err := s.networkRef(r.Context())
	if err != nil {
		return err
	}
	if r.PathValue("id") == "" {
		in := knowledge.AlertInput{Level: "caution", StartsOn: s.today(), Country: r.URL.Query().Get("country")}
		return s.render(w, r, "alert_form", "knowledge.alert.new", s.alertFormState(r, ref, 0, 0, in))
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.Knowledge.Alert(r.Context(), id, true)
	if err != nil {
		return err
	}
	in := a.AlertInput
	in.Note = ""
	return s.render(w, r, "alert_form", "knowledge.alert.edit", s.alertFormState(r, ref, id, a.Version, in))
}

// alertFormState lays out the alert form; id is 0 for a new alert.
func (s *Server) alertFormState(r *http.Request, ref *networkRef, id int64, version int, in knowledge.AlertInput) *formState {
	lang := info(r).lang
	st := &formState{Action: "/alerts", Version: version, Cancel: "/alerts"}
	if id != 0 {
		st.Action, st.Cancel = "/alerts/"+strconv.FormatInt(id, 10), "/alerts/"+strconv.FormatInt(id, 10)
	}
	text := func(name, label, value string, max int, required bool) formField {
		return formField{Lang: lang, Name: name, Label: label, Kind: "text", Value: value, MaxLen: max, Required: required}
	}
	kind := func(f formField, k string) formField { f.Kind = k; return f }
	hint := func(f formField, h string) formField { f.Hint = h; return f }
	en := func(f formField) formField { f.InputLan = "en"; return f }
	var countries, levels []option
	for _, c := range ref.ofKind(network.RegionCountry) {
		countries = append(countries, option{Value: c.Code, Zh: c.NameZh + " " + c.Code, En: c.NameEn + " " + c.Code, Selected: c.Code == in.Country})
	}
	for _, l := range knowledge.AlertLevels {
		levels = append(levels, option{Value: l, Key: "knowledge.level." + l, Selected: l == in.Level})
	}
	st.Fields = []formField{
		{Lang: lang, Name: "country", Label: "knowledge.field.country", Kind: "select", Required: true, Groups: []optGroup{{Options: countries}}},
		text("area_zh", "knowledge.field.area_zh", in.AreaZh, 200, false),
		en(text("area_en", "knowledge.field.area_en", in.AreaEn, 200, false)),
		{Lang: lang, Name: "level", Label: "knowledge.field.alert_level", Hint: "knowledge.hint.alert_level", Kind: "select", Required: true,
			Groups: []optGroup{{Options: levels}}},
		text("title_zh", "knowledge.field.title_zh", in.TitleZh, 200, true),
		en(text("title_en", "knowledge.field.title_en", in.TitleEn, 200, false)),
		hint(kind(text("body_zh", "knowledge.field.alert_body_zh", in.BodyZh, 30000, true), "textarea"), "knowledge.hint.markdown"),
		en(kind(text("body_en", "knowledge.field.alert_body_en", in.BodyEn, 30000, false), "textarea")),
		text("source_zh", "knowledge.field.source_zh", in.SourceZh, 200, true),
		en(text("source_en", "knowledge.field.source_en", in.SourceEn, 200, false)),
		kind(text("source_url", "knowledge.field.source_url", in.SourceURL, 1000, false), "url"),
		kind(text("starts_on", "knowledge.field.starts_on", in.StartsOn, 10, true), "date"),
		hint(kind(text("ends_on", "knowledge.field.ends_on", in.EndsOn, 10, false), "date"), "knowledge.hint.ends_on"),
		hint(text("note", "knowledge.field.alert_note", in.Note, 1000, false), "knowledge.hint.alert_note"),
	}
	return st
}
