package web

import (
	"net/http"

	"chuhai/internal/apperr"
)

// directoryTeamStatus disables or re-enables an account of the administrator's own team.
func (s *Server) directoryTeamStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	action := f.Get("action")
	if action != "disable" && action != "enable" {
		return apperr.Invalid(apperr.F("action", "error.bad_choice"))
	}
	if _, err := s.teamMember(r.Context(), teamOf(info(r).principal), id); err != nil {
		return err
	}
	if err := s.Auth.SetDisabled(r.Context(), id, action == "disable"); err != nil {
		return err
	}
	http.Redirect(w, r, "/console/team?saved=1", http.StatusSeeOther)
	return nil
}
