package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"chuhai/internal/odi"
)

// odiStepSave records a step's dates from the project page (POST /odi/projects/{id}/steps/{regime}).
// Blank rows of the requests-for-documents table are ignored.
func (s *Server) odiStepSave(w http.ResponseWriter, r *http.Request) error {
	id, err := projectID(r)
	if err != nil {
		return err
	}
	regime, err := regimeOf(r)
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	in := odi.StepInput{SubmittedOn: trimmed(f, "submitted_on"), AcceptedOn: trimmed(f, "accepted_on"), DecidedOn: trimmed(f, "decided_on"),
		Decision: trimmed(f, "decision"), NoticeNumber: trimmed(f, "notice_number"), Note: trimmed(f, "note")}
	req, res, notes := f["pause_requested_on"], f["pause_resumed_on"], f["pause_note"]
	for i := range req {
		p := odi.PauseInput{RequestedOn: strings.TrimSpace(req[i]), ResumedOn: strings.TrimSpace(at(res, i)), Note: strings.TrimSpace(at(notes, i))}
		if p != (odi.PauseInput{}) {
			in.Pauses = append(in.Pauses, p)
		}
	}
	// Keep the posted rows in step with the pauses sent, so errors land on the right row.
	f["pause_requested_on"], f["pause_resumed_on"], f["pause_note"] = nil, nil, nil
	for _, p := range in.Pauses {
		f["pause_requested_on"] = append(f["pause_requested_on"], p.RequestedOn)
		f["pause_resumed_on"] = append(f["pause_resumed_on"], p.ResumedOn)
		f["pause_note"] = append(f["pause_note"], p.Note)
	}
	if ext := trimmed(f, "extended_workdays"); ext != "" {
		n, perr := strconv.Atoi(ext)
		if perr != nil {
			n = -1 // out of range: the domain names the allowed range
		}
		in.ExtendedWorkdays = n
	}
	in.Version, err = formVersion(f)
	if err == nil {
		_, err = s.ODI.SaveStep(r.Context(), id, regime, in)
	}
	if err != nil {
		return s.renderProject(w, r, id, "step-"+string(regime), err)
	}
	http.Redirect(w, r, fmt.Sprintf("/odi/projects/%d?saved=step#step-%s", id, regime), http.StatusSeeOther)
	return nil
}
