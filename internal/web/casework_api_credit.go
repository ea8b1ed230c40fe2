package web

import (
	"net/http"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/workday"
)

// apiCredit reports collaboration credit for a period.
func (s *Server) apiCredit(w http.ResponseWriter, r *http.Request) error {
	from, to, err := creditPeriod(r)
	if err != nil {
		return err
	}
	c, err := s.Casework.Credit(r.Context(), from, to)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// creditPeriod reads ?from= and ?to= (default: this year to date, Shanghai time).
func creditPeriod(r *http.Request) (workday.Date, workday.Date, error) {
	now := time.Now().In(shanghai)
	from, to := workday.NewDate(now.Year(), time.January, 1), workday.DateOf(now)
	var v apperr.Validator
	q := r.URL.Query()
	for _, p := range []struct {
		name string
		d    *workday.Date
	}{{"from", &from}, {"to", &to}} {
		if s := q.Get(p.name); s != "" {
			d, err := workday.ParseDate(s)
			v.Check(err == nil, p.name, "casework.date.format")
			*p.d = d
		}
	}
	return from, to, v.Err()
}
