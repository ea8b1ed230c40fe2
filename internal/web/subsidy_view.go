package web

import (
	"net/http"
	"strconv"

	"chuhai/internal/apperr"
	"chuhai/internal/i18n"
	"chuhai/internal/subsidy"
)

// explain renders explanation lines in the request's language.
func (s *Server) explain(r *http.Request, lines []subsidy.Line) []string {
	lang := info(r).lang
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = s.Cat.T(lang, l.Key, l.Args)
	}
	return out
}

func nameIn(lang string, n subsidy.Name) string {
	if lang == i18n.English && n.En != "" {
		return n.En
	}
	return n.Zh
}

func (s *Server) applicationView(r *http.Request, a subsidy.Application) applicationView {
	return applicationView{Application: a, Explanation: s.explain(r, a.Explanation)}
}

// queryID reads an optional positive id from the query string.
func queryID(r *http.Request, name string) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, apperr.Invalid(apperr.F(name, "error.bad_id"))
	}
	return n, nil
}

// applicationFilter reads the queue's filters from the query string.
func applicationFilter(r *http.Request, pg Paging) (subsidy.ApplicationFilter, error) {
	prog, err := queryID(r, "programme")
	if err != nil {
		return subsidy.ApplicationFilter{}, err
	}
	q := r.URL.Query()
	return subsidy.ApplicationFilter{ProgrammeID: prog, State: q.Get("state"), SLA: q.Get("sla"), Query: q.Get("q"),
		Limit: pg.PerPage, Offset: pg.Offset()}, nil
}
