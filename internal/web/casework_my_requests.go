package web

import (
	"net/http"
	"net/url"
	"strconv"
)

type myRequestsPage struct {
	Rows    []requestRow
	Total   int
	Page    int
	PrevURL string
	NextURL string
	State   string
	Created string
}

// caseworkMyRequests is an enterprise's requests, newest first.
func (s *Server) caseworkMyRequests(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	f := requestFilter(r)
	if f.State == "" {
		f.State = "all"
	}
	f.Sort, f.Limit, f.Offset = "new", pg.PerPage, pg.Offset()
	rs, total, err := s.Casework.List(r.Context(), f)
	if err != nil {
		return err
	}
	names, _, err := s.topicNames(r.Context())
	if err != nil {
		return err
	}
	page := myRequestsPage{Rows: s.requestRows(info(r).lang, names, rs), Total: total, Page: pg.Page, State: f.State,
		Created: r.URL.Query().Get("created")}
	link := func(n int) string {
		v := url.Values{"page": {strconv.Itoa(n)}}
		if f.State != "all" {
			v.Set("state", f.State)
		}
		return "/requests?" + v.Encode()
	}
	if pg.Page > 1 {
		page.PrevURL = link(pg.Page - 1)
	}
	if pg.Offset()+len(rs) < total {
		page.NextURL = link(pg.Page + 1)
	}
	return s.render(w, r, "casework_my_requests", "casework.mine.title", page)
}
