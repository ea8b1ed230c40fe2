package web

import (
	"net/http"
	"strconv"

	"chuhai/internal/casework"
)

// caseworkPolicySave creates or replaces one SLA policy.
func (s *Server) caseworkPolicySave(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	in := casework.Policy{Topic: trimmed(f, "topic"), Urgency: trimmed(f, "urgency"), ResponseUnit: trimmed(f, "response_unit"),
		ResolutionUnit: trimmed(f, "resolution_unit")}
	in.ResponseAmount, _ = strconv.Atoi(trimmed(f, "response_amount"))
	in.ResolutionAmount, _ = strconv.Atoi(trimmed(f, "resolution_amount"))
	in.Version, _ = strconv.Atoi(trimmed(f, "version"))
	if _, err := s.Casework.SetPolicy(r.Context(), in); err != nil {
		fail, status, ok := s.pageFailure(w, r, "policy", err, "topic", "urgency", "response_amount", "response_unit", "resolution_amount", "resolution_unit")
		if !ok {
			return err
		}
		return s.renderRoutingRules(w, r, status, fail)
	}
	http.Redirect(w, r, "/console/casework/rules?done=policy#policies", http.StatusSeeOther)
	return nil
}
