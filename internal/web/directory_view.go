package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/directory"
	"chuhai/internal/i18n"
	"chuhai/internal/industry"
)

// Shared view models and request plumbing of the directory's pages and API.

// dirCtx is the request's context for the directory: an anonymous visitor is marked as one, so that
// the directory never takes a missing principal for a trusted caller.
func dirCtx(r *http.Request) context.Context {
	if info(r).principal == nil {
		return directory.Visitor(r.Context())
	}
	return r.Context()
}

// dirNames names the directory's codes in both languages for templates.
type dirNames struct {
	ctx context.Context
	s   *directory.Store
}

func (s *Server) dirNames(ctx context.Context) dirNames { return dirNames{ctx: ctx, s: s.Directory} }

func choiceName(v *directory.Vocabulary, code string) nameView {
	if c, ok := v.Get(code); ok {
		return nameView{Code: code, Zh: c.NameZh, En: c.NameEn}
	}
	return nameView{Code: code, Zh: code, En: code}
}

// Region names a district, city or country.
func (n dirNames) Region(code string) nameView {
	r := n.s.Place(n.ctx, code)
	return nameView{Code: code, Zh: r.NameZh, En: r.NameEn}
}

// Regions names several.
func (n dirNames) Regions(codes []string) []nameView {
	out := make([]nameView, len(codes))
	for i, c := range codes {
		out[i] = n.Region(c)
	}
	return out
}

// Category names a provider category.
func (n dirNames) Category(code string) nameView { return choiceName(directory.Ref().Categories, code) }

// Categories names several.
func (n dirNames) Categories(codes []string) []nameView {
	out := make([]nameView, len(codes))
	for i, c := range codes {
		out[i] = n.Category(c)
	}
	return out
}

// Languages names working languages.
func (n dirNames) Languages(codes []string) []nameView {
	out := make([]nameView, len(codes))
	for i, c := range codes {
		out[i] = choiceName(directory.Ref().Languages, c)
	}
	return out
}

// Size names a size class.
func (n dirNames) Size(code string) nameView { return choiceName(directory.Ref().SizeClasses, code) }

// Ownership names an ownership.
func (n dirNames) Ownership(code string) nameView {
	return choiceName(directory.Ref().Ownerships, code)
}

// EntityKind names a kind of overseas entity.
func (n dirNames) EntityKind(code string) nameView {
	return choiceName(directory.Ref().EntityKinds, code)
}

// EntityStatus names an overseas entity's status.
func (n dirNames) EntityStatus(code string) nameView {
	return choiceName(directory.Ref().EntityStatuses, code)
}

// Industry names a GB/T 4754-2017 section or division.
func (n dirNames) Industry(code string) nameView {
	if e, ok := industry.Lookup(code); ok {
		return nameView{Code: code, Zh: e.NameZh, En: e.NameEn}
	}
	return nameView{Code: code, Zh: code, En: code}
}

// Yuan formats fen.
func (n dirNames) Yuan(fen int64) string {
	return directory.Service{PriceMinFen: fen, PriceMaxFen: fen}.PriceText()
}

// reasonView is a match reason as people read it.
type reasonView struct {
	Kind   string   `json:"kind"`
	Codes  []string `json:"codes,omitempty"`
	Text   string   `json:"text"`
	Points int      `json:"points"`
}

// matchView is one ranked provider with its reasons in words.
type matchView struct {
	Rank     int                `json:"rank"`
	Provider directory.Provider `json:"provider"`
	Score    int                `json:"score"`
	Reasons  []reasonView       `json:"reasons"`
	Summary  string             `json:"summary"` // the reasons in one line
}

// matchResponse is the answer of POST /api/v1/providers/match.
type matchResponse struct {
	Matches   []matchView `json:"matches"`
	Qualified int         `json:"qualified"`
}

// reasonText puts a reason into words: "covers Vietnam", "Xuhui alliance member", "rating 4.6".
func (s *Server) reasonText(ctx context.Context, lang string, r directory.Reason) string {
	n := s.dirNames(ctx)
	sep := "、"
	if lang == i18n.English {
		sep = ", "
	}
	join := func(vs []nameView) string {
		parts := make([]string, len(vs))
		for i, v := range vs {
			parts[i] = v.Zh
			if lang == i18n.English {
				parts[i] = v.En
			}
		}
		return strings.Join(parts, sep)
	}
	args := map[string]any{"Count": r.Count}
	switch r.Kind {
	case directory.ReasonCountries:
		args["Names"] = join(n.Regions(r.Codes))
	case directory.ReasonCategories:
		args["Names"] = join(n.Categories(r.Codes))
	case directory.ReasonLanguages:
		args["Names"] = join(n.Languages(r.Codes))
	case directory.ReasonAlliance:
		args["Names"] = r.NameZh
		if lang == i18n.English {
			args["Names"] = r.NameEn
		}
	case directory.ReasonHome:
		args["Names"] = join(n.Regions(r.Codes))
	case directory.ReasonBudget, directory.ReasonOverBudget:
		args["Amount"] = n.Yuan(r.Amount)
	case directory.ReasonRating:
		args["Rating"] = strconv.FormatFloat(r.Rating, 'f', 1, 64)
	case directory.ReasonText:
		args["Names"] = strings.Join(r.Codes, sep)
	}
	return s.Cat.T(lang, "directory.reason."+r.Kind, args)
}

func (s *Server) matchViews(ctx context.Context, lang string, res directory.MatchResult) matchResponse {
	out := matchResponse{Qualified: res.Qualified, Matches: make([]matchView, len(res.Matches))}
	for i, m := range res.Matches {
		v := matchView{Rank: m.Rank, Provider: m.Provider, Score: m.Score, Reasons: make([]reasonView, len(m.Reasons))}
		texts := make([]string, len(m.Reasons))
		for j, r := range m.Reasons {
			v.Reasons[j] = reasonView{Kind: r.Kind, Codes: r.Codes, Text: s.reasonText(ctx, lang, r), Points: r.Points}
			texts[j] = v.Reasons[j].Text
		}
		v.Summary = strings.Join(texts, " · ")
		out.Matches[i] = v
	}
	return out
}

// directoryReference is the answer of GET /api/v1/directory/reference.
type directoryReference struct {
	Categories     []directory.Choice `json:"categories"`
	Languages      []directory.Choice `json:"languages"`
	SizeClasses    []directory.Choice `json:"size_classes"`
	Ownerships     []directory.Choice `json:"ownerships"`
	EntityKinds    []directory.Choice `json:"entity_kinds"`
	EntityStatuses []directory.Choice `json:"entity_statuses"`
	Industries     []industry.Section `json:"industries"`
}

// enterpriseFilter reads a list's filters from the query.
func enterpriseFilter(q url.Values) directory.EnterpriseFilter {
	return directory.EnterpriseFilter{Query: q.Get("q"), District: q.Get("district"), Industry: q.Get("industry"),
		SizeClass: q.Get("size_class"), Ownership: q.Get("ownership"), Market: q.Get("market"), Status: q.Get("status"),
		Origin: q.Get("origin"), Sort: q.Get("sort")}
}

// providerFilter reads a list's filters from the query; public lists show verified providers only.
func providerFilter(q url.Values, public bool) directory.ProviderFilter {
	return directory.ProviderFilter{Query: q.Get("q"), Category: q.Get("category"), Country: q.Get("country"),
		Language: q.Get("language"), Region: q.Get("region"), Alliance: q.Get("alliance"), Status: q.Get("status"),
		Sort: q.Get("sort"), Public: public}
}

// exportFormat reads ?format= (xlsx by default).
func exportFormat(q url.Values) (string, error) {
	switch f := q.Get("format"); f {
	case "", directory.FormatXLSX:
		return directory.FormatXLSX, nil
	case directory.FormatCSV:
		return directory.FormatCSV, nil
	}
	return "", apperr.Invalid(apperr.F("format", "error.bad_choice"))
}

// sendExport sends an export as a download. write produces the whole file first, so that a failure
// half-way becomes an error rather than a truncated download.
func sendExport(w http.ResponseWriter, name, format string, write func(w io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	ct := "text/csv; charset=utf-8"
	if format == directory.FormatXLSX {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, name, format))
	w.Header().Set("Cache-Control", "no-store")
	_, err := buf.WriteTo(w)
	return err
}
