package web

import (
	"net/http"
	"strconv"
	"strings"

	"chuhai/internal/knowledge"
)

// alertSave creates an alert (POST /alerts) or changes one (POST /alerts/{id}); on a failure the form
// comes back with what was typed and the errors beside their fields.
func (s *Server) alertSave(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	in := knowledge.AlertInput{Country: trimmed(f, "country"), AreaZh: trimmed(f, "area_zh"), AreaEn: trimmed(f, "area_en"),
		Level: trimmed(f, "level"), TitleZh: trimmed(f, "title_zh"), TitleEn: trimmed(f, "title_en"),
		BodyZh: strings.ReplaceAll(f.Get("body_zh"), "\r\n", "\n"), BodyEn: strings.ReplaceAll(f.Get("body_en"), "\r\n", "\n"),
		SourceZh: trimmed(f, "source_zh"), SourceEn: trimmed(f, "source_en"), SourceURL: trimmed(f, "source_url"),
		StartsOn: trimmed(f, "starts_on"), EndsOn: trimmed(f, "ends_on"), Note: trimmed(f, "note")}
	var id int64
	version := 0
	var a knowledge.Alert
	if r.PathValue("id") == "" {
		a, err = s.Knowledge.CreateAlert(r.Context(), in)
	} else if id, err = pathID(r, "id"); err == nil {
		if version, err = formVersion(f); err == nil {
			a, err = s.Knowledge.UpdateAlert(r.Context(), id, version, in)
		}
	}
	if err != nil {
		ref, rerr := s.networkRef(r.Context())
		if rerr != nil {
			return rerr
		}
		st := s.alertFormState(r, ref, id, version, in)
		status, ferr := s.formFailure(r, err, st)
		if ferr != nil {
			return ferr
		}
		title := "knowledge.alert.new"
		if id != 0 {
			title = "knowledge.alert.edit"
		}
		s.renderStatus(w, r, status, "alert_form", st, title)
		return nil
	}
	http.Redirect(w, r, "/alerts/"+strconv.FormatInt(a.ID, 10)+"?saved=1", http.StatusSeeOther)
	return nil
}
