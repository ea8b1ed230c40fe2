package web

import (
	"net/http"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/directory"
	"chuhai/internal/money"
	"chuhai/internal/network"
)

type matchPage struct {
	Form   *dirForm
	Ran    bool
	Result matchResponse
}

// directoryMatch is the matching page: an enterprise describes what it needs and sees the ranked
// providers with the reasons for each. Staff match on an enterprise's behalf by its USCC.
func (s *Server) directoryMatch(w http.ResponseWriter, r *http.Request) error {
	ctx := dirCtx(r)
	lang := info(r).lang
	p := info(r).principal
	q := r.URL.Query()
	need := directory.Need{Categories: q["categories"], Countries: q["countries"], Languages: q["languages"],
		Alliance: q.Get("alliance"), Text: strings.TrimSpace(q.Get("text"))}
	o, err := s.formOptions(ctx, lang)
	if err != nil {
		return err
	}
	ref := directory.Ref()
	als, _, err := s.Network.ListAlliances(r.Context(), network.AllianceFilter{Limit: 100})
	if err != nil {
		return err
	}
	var alliances []option
	for _, a := range als {
		alliances = append(alliances, option{Value: a.Code, Zh: a.NameZh, En: a.NameEn, Selected: a.Code == need.Alliance})
	}
	budget := o.text("budget", "directory.field.budget", q.Get("budget"), 20, false)
	budget.Hint = "directory.hint.yuan"
	text := o.text("text", "directory.field.need_text", need.Text, 200, false)
	text.Hint = "directory.hint.need_text"
	fields := []formField{
		{Lang: lang, Name: "categories", Label: "directory.field.categories", Kind: "checkboxes", Required: true,
			Groups: []optGroup{{Options: choiceOptions(ref.Categories, need.Categories...)}}},
		o.multi("countries", "directory.field.target_countries", "directory.hint.multi", regionOptions(o.countries, need.Countries...)),
		o.multi("languages", "directory.field.languages", "directory.hint.multi", choiceOptions(ref.Languages, need.Languages...)),
		budget,
		o.sel("alliance", "directory.field.alliance_preference", []optGroup{{Options: alliances}}, false),
		text,
	}
	if p.Staff() {
		e := o.text("enterprise", "directory.field.for_enterprise", q.Get("enterprise"), 18, false)
		e.Hint = "directory.hint.for_enterprise"
		fields = append([]formField{e}, fields...)
	}
	page := matchPage{Form: &dirForm{Groups: []fieldGroup{{Fields: fields}}}}
	if q.Get("run") == "" {
		return s.render(w, r, "directory_match", "directory.match.title", page)
	}
	page.Ran = true
	err = func() error {
		if b := strings.TrimSpace(q.Get("budget")); b != "" {
			fen, err := money.ParseYuan("budget", b)
			if err != nil {
				return err
			}
			need.BudgetFen = int64(fen)
		}
		if code := strings.TrimSpace(q.Get("enterprise")); code != "" && p.Staff() {
			e, err := s.Directory.EnterpriseByUSCC(ctx, code)
			if err != nil {
				return apperr.Invalid(apperr.F("enterprise", "directory.enterprise.unknown"))
			}
			need.EnterpriseID = e.ID
		}
		res, err := s.Directory.Match(ctx, need)
		if err != nil {
			return err
		}
		page.Result = s.matchViews(ctx, lang, res)
		return nil
	}()
	if err != nil {
		page.Ran = false
		// Field names of the need (budget_fen, enterprise_id) are the form's inputs under other names.
		if e, ok := apperr.As(err); ok {
			for i := range e.Fields {
				switch e.Fields[i].Name {
				case "budget_fen":
					e.Fields[i].Name = "budget"
				case "enterprise_id":
					e.Fields[i].Name = "enterprise"
				}
			}
		}
		status, err := s.dirFormFailure(r, err, page.Form)
		if err != nil {
			return err
		}
		s.renderStatus(w, r, status, "directory_match", page, "directory.match.title")
		return nil
	}
	return s.render(w, r, "directory_match", "directory.match.title", page)
}
