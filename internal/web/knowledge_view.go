package web

import (
	"html/template"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/knowledge"
)

// Shared helpers of the knowledge pages and API.

// mayEditKnowledge reports whether the caller may see drafts and use the editors' forms.
func mayEditKnowledge(r *http.Request) bool { return knowledge.MayEdit(info(r).principal) }

// mayPublishKnowledge reports whether the caller may publish.
func mayPublishKnowledge(r *http.Request) bool { return knowledge.MayPublish(info(r).principal) }

var countryParam = regexp.MustCompile(`^[A-Za-z]{2}$`)

// pathCountry reads the {country} path value: two letters, upper-cased.
func pathCountry(r *http.Request) (string, error) {
	c := r.PathValue("country")
	if !countryParam.MatchString(c) {
		return "", apperr.Invalid(apperr.F("country", "knowledge.unknown_country"))
	}
	return strings.ToUpper(c), nil
}

// queryInt reads an optional positive integer query parameter (0 when absent).
func queryInt(r *http.Request, name string) (int, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 1_000_000 {
		return 0, apperr.Invalid(apperr.F(name, "knowledge.bad_version"))
	}
	return n, nil
}

// bilingual is Markdown rendered safely in both languages.
type bilingual struct{ Zh, En template.HTML }

func renderBoth(zh, en string) bilingual {
	return bilingual{Zh: knowledge.Render(zh), En: knowledge.Render(en)}
}

// pick returns the text in lang, falling back to Chinese when there is no English.
func (b bilingual) Pick(lang string) template.HTML {
	if lang == "en" && strings.TrimSpace(string(b.En)) != "" {
		return b.En
	}
	return b.Zh
}
