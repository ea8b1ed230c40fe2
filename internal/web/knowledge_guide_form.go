package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/knowledge"
	"chuhai/internal/network"
)

// guideForm shows the form for a new guide, or for editing a guide's working copy (started from the
// latest published version when there is none yet).
func (s *Server) guideForm(w http.ResponseWriter, r *http.Request) error {
	ref, err := s.networkRef(r.Context())
	if err != nil {
		return err
	}
	if r.PathValue("country") == "" {
		in := knowledge.GuideInput{ReviewedOn: s.today()}
		return s.render(w, r, "guide_form", "knowledge.guide.new", s.guideFormState(r, ref, "", 0, in))
	}
	country, err := pathCountry(r)
	if err != nil {
		return err
	}
	wc, err := s.Knowledge.WorkingCopy(r.Context(), country)
	switch {
	case err == nil && wc.State == knowledge.StateReview:
		// Under review the text is the reviewer's to judge; the draft page says so and offers the way back.
		http.Redirect(w, r, guidePath(country, "/draft"), http.StatusSeeOther)
		return nil
	case err == nil:
		return s.render(w, r, "guide_form", "knowledge.guide.edit", s.guideFormState(r, ref, country, wc.Version, wc.Input()))
	case !errors.Is(err, apperr.ErrNotFound):
		return err
	}
	g, err := s.Knowledge.Guide(r.Context(), country)
	if err != nil {
		return err
	}
	in := g.Input()
	in.ChangeNote = ""
	return s.render(w, r, "guide_form", "knowledge.guide.edit", s.guideFormState(r, ref, country, 0, in))
}

// guideFormView is the guide form: the generic form plus what the page says around it.
type guideFormView struct {
	*formState
	Country nameView
	Code    string
	Start   bool // saving starts a new working copy from the published text
}

// guideFormState lays out the guide form; country is "" for a new guide.
func (s *Server) guideFormState(r *http.Request, ref *networkRef, country string, version int, in knowledge.GuideInput) guideFormView {
	lang := info(r).lang
	st := &formState{Action: "/guides", Version: version, Cancel: "/guides"}
	if country != "" {
		st.Action, st.Cancel = guidePath(country, "/edit"), guidePath(country, "")
	}
	text := func(name, label, value string, max int, required bool) formField {
		return formField{Lang: lang, Name: name, Label: label, Kind: "text", Value: value, MaxLen: max, Required: required}
	}
	area := func(f formField) formField { f.Kind = "textarea"; return f }
	en := func(f formField) formField { f.InputLan = "en"; return f }
	if country == "" {
		var countries []option
		for _, c := range ref.ofKind(network.RegionCountry) {
			countries = append(countries, option{Value: c.Code, Zh: c.NameZh + " " + c.Code, En: c.NameEn + " " + c.Code})
		}
		st.Fields = append(st.Fields, formField{Lang: lang, Name: "country", Label: "knowledge.field.country", Kind: "select", Required: true,
			Groups: []optGroup{{Options: countries}}})
	}
	reviewed := text("reviewed_on", "knowledge.field.reviewed_on", in.ReviewedOn, 10, true)
	reviewed.Kind, reviewed.Hint = "date", "knowledge.hint.reviewed_on"
	keywords := text("keywords", "knowledge.field.keywords", in.Keywords, 1000, false)
	keywords.Hint = "knowledge.hint.keywords"
	note := text("change_note", "knowledge.field.change_note", in.ChangeNote, 1000, false)
	note.Hint = "knowledge.hint.change_note"
	st.Fields = append(st.Fields,
		text("title_zh", "knowledge.field.title_zh", in.TitleZh, 200, true),
		en(text("title_en", "knowledge.field.title_en", in.TitleEn, 200, true)),
		area(text("summary_zh", "knowledge.field.summary_zh", in.SummaryZh, 1000, false)),
		en(area(text("summary_en", "knowledge.field.summary_en", in.SummaryEn, 1000, false))),
		keywords, reviewed, note)
	for _, key := range knowledge.Sections {
		b := in.Sections[key]
		zh := area(text("sections."+key+".zh", "knowledge.field.section."+key+".zh", b.Zh, 30000, false))
		zh.Hint = "knowledge.hint.markdown"
		st.Fields = append(st.Fields, zh, en(area(text("sections."+key+".en", "knowledge.field.section."+key+".en", b.En, 30000, false))))
	}
	var lines []string
	for _, src := range in.Sources {
		lines = append(lines, strings.TrimSpace(src.Title+" | "+src.URL))
	}
	sources := area(text("sources", "knowledge.field.sources", strings.Join(lines, "\n"), 10000, false))
	sources.Hint = "knowledge.hint.sources"
	st.Fields = append(st.Fields, sources)
	code := country
	return guideFormView{formState: st, Country: ref.region(code), Code: code, Start: country != "" && version == 0}
}

// today is the current date in Shanghai.
func (s *Server) today() string { return time.Now().In(shanghai).Format(time.DateOnly) }
