package web

import (
	"net/http"

	"chuhai/internal/casework"
)

// caseworkMyRequest is a request's page for its enterprise: the status timeline, what the window
// answered, providers and engagements to rate, and the satisfaction survey once it is closed.
func (s *Server) caseworkMyRequest(w http.ResponseWriter, r *http.Request) error {
	return s.renderMyRequest(w, r, r.PathValue("ref"), http.StatusOK, pageFail{})
}

func (s *Server) renderMyRequest(w http.ResponseWriter, r *http.Request, ref string, status int, fail pageFail) error {
	pg, err := s.buildRequestPage(r, ref, fail)
	if err != nil {
		return err
	}
	for _, a := range []string{casework.ActionClose, casework.ActionReopen, casework.ActionWithdraw} {
		if _, ok := casework.NextState(pg.State, a, pg.Assignee != nil); ok && (a != casework.ActionReopen || pg.SLA.ResolvedAt != nil) {
			pg.Actions = append(pg.Actions, a)
		}
	}
	// The enterprise may pick providers itself, from the directory's ranking.
	if casework.IsOpen(pg.State) {
		if ms, err := s.Casework.Suggest(r.Context(), pg.Ref); err == nil {
			pg.Suggestions = ms
		} else {
			s.Log.WarnContext(r.Context(), "provider suggestions", "request_id", info(r).id, "error", err.Error())
		}
	}
	s.renderStatus(w, r, status, "casework_mine", pg, "casework.request.title")
	return nil
}
