package web

import (
	"net/http"
	"strconv"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/workday"
)

// maxWorkdaysAdd bounds ?add=: statutory limits are tens of days; a thousand is four years.
const maxWorkdaysAdd = 1000

// WorkdayAnswer is the working day reached.
type WorkdayAnswer struct {
	Date        string `json:"date"`
	Provisional bool   `json:"provisional"`
}

// workdayAdd answers GET /api/v1/workdays?from=YYYY-MM-DD&add=N[&region=CN].
func (s *Server) workdayAdd(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var v apperr.Validator
	from, err := workday.ParseDate(q.Get("from"))
	switch {
	case q.Get("from") == "":
		v.Add("from", "error.required")
	case err != nil:
		v.Add("from", "workday.from_bad")
	}
	n, err := strconv.Atoi(q.Get("add"))
	switch {
	case q.Get("add") == "":
		v.Add("add", "error.required")
	case err != nil || n < -maxWorkdaysAdd || n > maxWorkdaysAdd:
		v.Add("add", "workday.add_bad", "Max", maxWorkdaysAdd)
	}
	region := strings.ToUpper(q.Get("region"))
	if region == "" {
		region = workday.China
	}
	if len(region) != 2 || strings.Trim(region, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		v.Add("region", "workday.region_param_bad")
	}
	if err := v.Err(); err != nil {
		return err
	}
	cs, err := s.Workday.Calendars(r.Context())
	if err != nil {
		return err
	}
	date, provisional := cs.For(region).AddWorkdays(from, n)
	return writeJSON(w, http.StatusOK, WorkdayAnswer{Date: date.String(), Provisional: provisional})
}
