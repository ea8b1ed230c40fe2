package web

import (
	"net/http"
	"strconv"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
)

// apiUserList lists accounts, filtered and paged.
func (s *Server) apiUserList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := auth.UserFilter{Query: q.Get("q"), Role: auth.Role(q.Get("role")), Status: q.Get("status")}
	if v := q.Get("point_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return apperr.Invalid(apperr.F("point_id", "error.bad_id"))
		}
		f.PointID = id
	}
	users, total, err := s.Auth.ListUsers(r.Context(), f, auth.Page{Limit: pg.PerPage, Offset: pg.Offset()})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[auth.User]{Items: users, Page: pg.Page, PerPage: pg.PerPage, Total: total})
}
