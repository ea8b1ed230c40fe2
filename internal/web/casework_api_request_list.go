package web

import (
	"net/http"

	"chuhai/internal/casework"
)

// apiRequestList lists the requests the caller may list.
func (s *Server) apiRequestList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	f := requestFilter(r)
	f.Limit, f.Offset = pg.PerPage, pg.Offset()
	rs, total, err := s.Casework.List(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[casework.Request]{Items: rs, Page: pg.Page, PerPage: pg.PerPage, Total: total})
}

// requestFilter reads a request list's filters from the query.
func requestFilter(r *http.Request) casework.Filter {
	q := r.URL.Query()
	return casework.Filter{Point: q.Get("point"), State: q.Get("state"), Topic: q.Get("topic"), Urgency: q.Get("urgency"),
		Assignee: q.Get("assignee"), SLA: q.Get("sla"), Q: q.Get("q"), Sort: q.Get("sort")}
}
