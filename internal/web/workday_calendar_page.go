package web

import (
	"net/http"
	"strings"

	"chuhai/internal/workday"
)

// calendarPage is the calendar administration page: the years loaded, and a form to load the State
// Council's notice for a new year (or a foreign region's holidays) as a file or pasted text.
type calendarPage struct {
	Loaded []workday.LoadedYear
	Done   *workday.LoadedYear // the year just loaded
	Text   string              // what was submitted, shown again with its errors
	Errors []calendarError
	MaxKiB int
}

// calendarError is one problem with a submitted calendar: where ("line 3", or the file) and what.
type calendarError struct{ Where, Message string }

// workdayCalendarPage shows the loaded years and the load form (GET /console/calendar); after a
// load, ?loaded=REGION-YEAR names the year that was loaded.
func (s *Server) workdayCalendarPage(w http.ResponseWriter, r *http.Request) error {
	page := calendarPage{MaxKiB: workday.MaxFileSize >> 10}
	if err := s.fillCalendarPage(r, &page); err != nil {
		return err
	}
	if loaded := r.URL.Query().Get("loaded"); loaded != "" {
		for i, y := range page.Loaded {
			if strings.EqualFold(loaded, y.Region+"-"+itoa(int64(y.Year))) {
				page.Done = &page.Loaded[i]
			}
		}
	}
	return s.render(w, r, "workday_calendar", "workday.admin.title", page)
}

func (s *Server) fillCalendarPage(r *http.Request, page *calendarPage) error {
	loaded, err := s.Workday.Loaded(r.Context())
	if err != nil {
		return err
	}
	page.Loaded = loaded
	return nil
}
