package web

import (
	"net/http"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/odi"
)

// sensitivity returns the list of authority ("ndrc" or "mofcom") in r.
func sensitivity(r *odi.Rules, authority string) *odi.Sensitivity {
	switch authority {
	case "ndrc":
		return &r.NDRC
	case "mofcom":
		return &r.MOFCOM
	}
	return nil
}

// authorityOf parses {authority}.
func authorityOf(r *http.Request) (string, error) {
	a := r.PathValue("authority")
	if a != "ndrc" && a != "mofcom" {
		return "", apperr.NotFound("odi rules of " + a)
	}
	return a, nil
}

// editRules applies edit to the rules the form was rendered with, and goes back to the page; a
// failure comes back on the form named failed.
func (s *Server) editRules(w http.ResponseWriter, r *http.Request, failed string, edit func(*odi.Rules) error) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	version, err := rulesVersion(f)
	if err == nil {
		_, err = s.ODI.EditRules(r.Context(), version, edit)
	}
	if err != nil {
		return s.renderRules(w, r, failed, err)
	}
	http.Redirect(w, r, "/odi/rules?saved=1#"+strings.TrimSuffix(failed, "-remove"), http.StatusSeeOther)
	return nil
}
