package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/knowledge"
)

// guideSave creates a guide (POST /guides) or saves its working copy (POST /guides/{country}/edit).
// On a validation failure or a conflict the form comes back with what was typed and the errors beside
// their fields.
func (s *Server) guideSave(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	in := knowledge.GuideInput{TitleZh: trimmed(f, "title_zh"), TitleEn: trimmed(f, "title_en"), SummaryZh: f.Get("summary_zh"),
		SummaryEn: f.Get("summary_en"), Keywords: trimmed(f, "keywords"), ReviewedOn: trimmed(f, "reviewed_on"),
		ChangeNote: trimmed(f, "change_note"), Sections: map[string]knowledge.SectionBody{}, Sources: parseSources(f.Get("sources"))}
	for _, key := range knowledge.Sections {
		zh, en := f.Get("sections."+key+".zh"), f.Get("sections."+key+".en")
		if zh != "" || en != "" {
			in.Sections[key] = knowledge.SectionBody{Zh: strings.ReplaceAll(zh, "\r\n", "\n"), En: strings.ReplaceAll(en, "\r\n", "\n")}
		}
	}
	country := ""
	version := 0
	if r.PathValue("country") == "" {
		country = strings.ToUpper(trimmed(f, "country"))
		_, err = s.Knowledge.CreateGuide(r.Context(), country, in)
	} else {
		if country, err = pathCountry(r); err != nil {
			return err
		}
		if v := f.Get("version"); v != "" {
			if version, err = strconv.Atoi(v); err != nil || version < 0 {
				return apperr.Invalid(apperr.F("version", "network.version.required"))
			}
		}
		_, err = s.Knowledge.SaveDraft(r.Context(), country, version, in)
	}
	if err != nil {
		ref, rerr := s.networkRef(r.Context())
		if rerr != nil {
			return rerr
		}
		formCountry := country
		if r.PathValue("country") == "" {
			formCountry = ""
		}
		v := s.guideFormState(r, ref, formCountry, version, in)
		if formCountry == "" {
			for i := range v.Fields {
				if v.Fields[i].Name == "country" {
					for j := range v.Fields[i].Groups[0].Options {
						o := &v.Fields[i].Groups[0].Options[j]
						o.Selected = o.Value == country
					}
				}
			}
		}
		status, ferr := s.formFailure(r, sourcesAsOneField(err), v.formState)
		if ferr != nil {
			return ferr
		}
		title := "knowledge.guide.edit"
		if formCountry == "" {
			title = "knowledge.guide.new"
		}
		s.renderStatus(w, r, status, "guide_form", v, title)
		return nil
	}
	http.Redirect(w, r, "/guides/"+url.PathEscape(country)+"/draft?saved=1", http.StatusSeeOther)
	return nil
}

// parseSources reads the sources box: one source a line, "title | address" or a title alone.
func parseSources(s string) []knowledge.Source {
	out := []knowledge.Source{}
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		title, link, _ := strings.Cut(line, "|")
		out = append(out, knowledge.Source{Title: strings.TrimSpace(title), URL: strings.TrimSpace(link)})
	}
	return out
}

// sourcesAsOneField shows the errors of individual sources (sources.2.url) beside the one box that
// holds them all, saying which line is at fault.
func sourcesAsOneField(err error) error {
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.KindInvalid {
		return err
	}
	out := *e
	out.Fields = nil
	for _, f := range e.Fields {
		if rest, found := strings.CutPrefix(f.Name, "sources."); found {
			n, _, _ := strings.Cut(rest, ".")
			if i, err := strconv.Atoi(n); err == nil {
				f = apperr.Field{Name: "sources", Key: "knowledge.source_line", Args: map[string]any{"Line": i + 1}}
			}
		}
		out.Fields = append(out.Fields, f)
	}
	return &out
}
