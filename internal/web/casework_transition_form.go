package web

import (
	"net/http"
	"strconv"

	"chuhai/internal/casework"
)

// caseworkTransitionForm takes one workflow step from a request's page.
func (s *Server) caseworkTransitionForm(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	ref := r.PathValue("ref")
	t := casework.Transition{Action: trimmed(f, "action"), Point: trimmed(f, "point"), Into: trimmed(f, "into"), Reason: f.Get("reason")}
	t.Version, _ = strconv.Atoi(f.Get("version"))
	if a := trimmed(f, "assignee_id"); a != "" {
		t.AssigneeID, _ = strconv.ParseInt(a, 10, 64)
	}
	if _, err := s.Casework.Transition(r.Context(), ref, t); err != nil {
		return s.reshow(w, r, ref, t.Action, err, "reason", "assignee_id", "point", "into", "action", "version")
	}
	afterForm(w, r, ref, t.Action, "actions")
	return nil
}
