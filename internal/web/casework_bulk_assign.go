package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/casework"
)

// caseworkBulkAssign assigns the selected requests of a queue to one member of staff. Each request
// is assigned on its own, against the version the queue showed: those that changed in the meantime
// are reported, not overwritten.
func (s *Server) caseworkBulkAssign(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	assignee, err := formInt(f, "assignee_id")
	if err == nil && len(f["ref"]) == 0 {
		err = apperr.Invalid(apperr.F("ref", "casework.bulk.none"))
	}
	if err == nil && len(f["ref"]) > 100 {
		err = apperr.Invalid(apperr.F("ref", "casework.bulk.too_many", "Max", 100))
	}
	if err != nil {
		fail, status, ok := s.pageFailure(w, r, "assign", err, "assignee_id", "ref")
		if !ok {
			return err
		}
		return s.renderQueue(w, r, status, fail)
	}
	var done, failed []string
	for _, item := range f["ref"] {
		ref, v, _ := strings.Cut(item, ":")
		version, _ := strconv.Atoi(v)
		req, err := s.Casework.Transition(r.Context(), ref, casework.Transition{Action: casework.ActionAssign, Version: version, AssigneeID: assignee})
		var e *apperr.Error
		switch {
		case err == nil:
			done = append(done, req.Ref)
		case errors.As(err, &e) && e.Kind != apperr.KindInternal:
			failed = append(failed, ref)
		default:
			return err
		}
	}
	back := url.Values{}
	for _, k := range []string{"point", "state", "topic", "urgency", "assignee", "sla", "q", "sort", "page"} {
		if v := r.URL.Query().Get(k); v != "" {
			back.Set(k, v)
		}
	}
	back.Set("assigned", strings.Join(done, " "))
	if len(failed) > 0 {
		back.Set("failed", strings.Join(failed, " "))
	}
	http.Redirect(w, r, "/console/casework?"+back.Encode(), http.StatusSeeOther)
	return nil
}
