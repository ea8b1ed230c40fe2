package web

import (
	"net/http"
	"strconv"

	"chuhai/internal/apperr"
	"chuhai/internal/directory"
)

// apiProviderIdle lists verified providers idle for at least ?months= months.
func (s *Server) apiProviderIdle(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	f, err := idleFilter(r)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = pg.PerPage, pg.Offset()
	ps, total, err := s.Directory.IdleProviders(dirCtx(r), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[directory.Provider]{Items: ps, Page: pg.Page, PerPage: pg.PerPage, Total: total})
}

// idleFilter reads ?months= (default 12) and ?alliance=.
func idleFilter(r *http.Request) (directory.IdleFilter, error) {
	q := r.URL.Query()
	f := directory.IdleFilter{Months: 12, Alliance: q.Get("alliance")}
	if m := q.Get("months"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil {
			return f, apperr.Invalid(apperr.F("months", "directory.idle.months", "Max", 120))
		}
		f.Months = n
	}
	return f, nil
}
