package web

import (
	"net/http"
	"strconv"

	"chuhai/internal/casework"
)

// caseworkRuleSave adds a routing rule (POST /console/casework/rules) or replaces one
// (POST /console/casework/rules/{id}).
func (s *Server) caseworkRuleSave(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	active := f.Get("active") == "1"
	in := casework.RuleInput{Kind: trimmed(f, "kind"), Topic: trimmed(f, "topic"), Channel: trimmed(f, "channel"), PointKind: trimmed(f, "point_kind"),
		TargetPoint: trimmed(f, "target_point"), NameZh: f.Get("name_zh"), NameEn: f.Get("name_en"), Active: &active}
	form := "rule-new"
	in.Position, err = strconv.Atoi(trimmed(f, "position"))
	if err != nil {
		in.Position = -1 // reported as a bad position
	}
	if r.PathValue("id") == "" {
		_, err = s.Casework.CreateRule(r.Context(), in)
	} else {
		var id int64
		if id, err = pathID(r, "id"); err != nil {
			return err
		}
		form = "rule-" + itoa(id)
		version, verr := formVersion(f)
		if err = verr; err == nil {
			_, err = s.Casework.UpdateRule(r.Context(), id, version, in)
		}
	}
	if err != nil {
		fail, status, ok := s.pageFailure(w, r, form, err, "position", "kind", "topic", "channel", "point_kind", "target_point", "name_zh", "name_en", "version")
		if !ok {
			return err
		}
		return s.renderRoutingRules(w, r, status, fail)
	}
	http.Redirect(w, r, "/console/casework/rules?done=rule#rules", http.StatusSeeOther)
	return nil
}
