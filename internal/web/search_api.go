package web

import (
	"net/http"
	"strconv"

	"chuhai/internal/search"
)

// apiSearch searches every kind of content; drafts are included for editors.
func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	res, err := s.Search.Search(r.Context(), s.searchRequest(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

// searchRequest reads a search from the query string. Paging values that are not numbers become
// out-of-range ones, which the index refuses with a field error.
func (s *Server) searchRequest(r *http.Request) search.Request {
	q := r.URL.Query()
	num := func(name string) int {
		v := q.Get(name)
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1_000_000 {
			return -1
		}
		return n
	}
	return search.Request{Q: q.Get("q"), Kind: q.Get("type"), Country: q.Get("country"), Issuer: q.Get("issuer"),
		Drafts: mayEditKnowledge(r), Lang: info(r).lang, Page: num("page"), PerPage: num("per_page")}
}
