package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/workday"
)

// calendarMaxBody bounds a calendar upload: the file, the text box and the form around them.
const calendarMaxBody = 2*workday.MaxFileSize + 16<<10

// workdayCalendarLoad loads one year's calendar (POST /console/calendar) from an uploaded file or,
// without one, from the pasted text, exactly as `chuhai calendar load FILE` does. A calendar with
// errors is refused as a whole and shown again with every error by line.
func (s *Server) workdayCalendarLoad(w http.ResponseWriter, r *http.Request) error {
	var text string
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(calendarMaxBody); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return err
			}
			return apperr.New(apperr.KindInvalid, "error.bad_form")
		}
		if file, _, err := r.FormFile("file"); err == nil {
			defer file.Close()
			b, err := io.ReadAll(io.LimitReader(file, workday.MaxFileSize+1))
			if err != nil {
				return fmt.Errorf("read calendar upload: %w", err)
			}
			text = string(b)
		}
	} else if _, err := readForm(r); err != nil {
		return err
	}
	if strings.TrimSpace(text) == "" {
		text = r.FormValue("text")
	}
	y, err := workday.Parse(strings.NewReader(text))
	if err == nil {
		err = s.Workday.LoadYear(r.Context(), y)
	}
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/console/calendar?loaded=%s-%d", y.Region, y.Year), http.StatusSeeOther)
		return nil
	}
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.KindInvalid {
		return err
	}
	lang := info(r).lang
	page := calendarPage{Text: text, MaxKiB: workday.MaxFileSize >> 10}
	if len(text) > workday.MaxFileSize {
		page.Text = "" // not worth showing again
	}
	for _, f := range e.Fields {
		where := f.Name
		if strings.HasPrefix(where, "line ") {
			where = s.Cat.T(lang, "workday.admin.line", map[string]any{"Line": strings.TrimPrefix(where, "line ")})
		} else {
			where = s.Cat.T(lang, "workday.admin.file", nil)
		}
		page.Errors = append(page.Errors, calendarError{Where: where, Message: s.Cat.T(lang, f.Key, f.Args)})
	}
	if len(e.Fields) == 0 {
		page.Errors = append(page.Errors, calendarError{Where: s.Cat.T(lang, "workday.admin.file", nil), Message: s.Cat.T(lang, e.Key, e.Args)})
	}
	if err := s.fillCalendarPage(r, &page); err != nil {
		return err
	}
	s.renderStatus(w, r, http.StatusBadRequest, "workday_calendar", page, "workday.admin.title")
	return nil
}
