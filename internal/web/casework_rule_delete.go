package web

import "net/http"

// caseworkRuleDelete removes a routing rule.
func (s *Server) caseworkRuleDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	version, err := formVersion(f)
	if err == nil {
		err = s.Casework.DeleteRule(r.Context(), id, version)
	}
	if err != nil {
		fail, status, ok := s.pageFailure(w, r, "rule-"+itoa(id), err, "version")
		if !ok {
			return err
		}
		return s.renderRoutingRules(w, r, status, fail)
	}
	http.Redirect(w, r, "/console/casework/rules?done=deleted#rules", http.StatusSeeOther)
	return nil
}
