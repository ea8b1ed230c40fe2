package web

import (
	"net/http"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
)

// directoryTeamCreate adds an account to the administrator's enterprise or provider, as a member or
// another administrator of it.
func (s *Server) directoryTeamCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	t := teamOf(info(r).principal)
	role := auth.Role(trimmed(f, "role"))
	u := auth.NewUser{Login: trimmed(f, "login"), Password: f.Get("password"), Name: trimmed(f, "name"), Role: role,
		EnterpriseID: t.enterpriseID, ProviderID: t.providerID, Lang: info(r).lang}
	if role != t.member && role != t.admin {
		err = apperr.Invalid(apperr.F("role", "error.bad_choice"))
	} else {
		_, err = s.Auth.CreateUser(r.Context(), u)
	}
	if err != nil {
		page, perr := s.teamPage(r, map[string]string{"login": u.Login, "name": u.Name, "role": string(role)})
		if perr != nil {
			return perr
		}
		status, err := s.dirFormFailure(r, err, page.Form)
		if err != nil {
			return err
		}
		s.renderStatus(w, r, status, "directory_team", page, "directory.team.title")
		return nil
	}
	http.Redirect(w, r, "/console/team?saved=1", http.StatusSeeOther)
	return nil
}
