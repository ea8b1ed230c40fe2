package web

import "net/http"

// apiApplicationList lists applications the caller may see.
func (s *Server) apiApplicationList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	f, err := applicationFilter(r, pg)
	if err != nil {
		return err
	}
	as, total, err := s.Subsidy.ListApplications(r.Context(), f)
	if err != nil {
		return err
	}
	out := List[applicationView]{Items: make([]applicationView, len(as)), Page: pg.Page, PerPage: pg.PerPage, Total: total}
	for i, a := range as {
		out.Items[i] = s.applicationView(r, a)
	}
	return writeJSON(w, http.StatusOK, out)
}
