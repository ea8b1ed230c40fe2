package web

import (
	"fmt"
	"net/http"

	"chuhai/internal/odi"
)

// odiMilestonesSave records the project's own dates from the project page (POST
// /odi/projects/{id}/milestones).
func (s *Server) odiMilestonesSave(w http.ResponseWriter, r *http.Request) error {
	id, err := projectID(r)
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	m := odi.Milestones{StartedOn: trimmed(f, "started_on"), CompletedOn: trimmed(f, "completed_on"),
		CompletionReportOn: trimmed(f, "completion_report_on"), WithdrawnOn: trimmed(f, "withdrawn_on")}
	version, err := formVersion(f)
	if err == nil {
		_, err = s.ODI.SetMilestones(r.Context(), id, version, m)
	}
	if err != nil {
		return s.renderProject(w, r, id, "milestones", err)
	}
	http.Redirect(w, r, fmt.Sprintf("/odi/projects/%d?saved=milestones#milestones", id), http.StatusSeeOther)
	return nil
}
