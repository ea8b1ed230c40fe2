package web

import (
	"fmt"
	"net/http"

	"chuhai/internal/odi"
)

// odiOverridesSave saves staff's decisions on the sensitivity flags from the project page (POST
// /odi/projects/{id}/overrides): "rule" leaves a flag to the lists, the others override it with a
// reason.
func (s *Server) odiOverridesSave(w http.ResponseWriter, r *http.Request) error {
	id, err := projectID(r)
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	var os []odi.Override
	for _, flag := range odi.FlagIDs {
		switch f.Get("choice_" + string(flag)) {
		case "sensitive":
			os = append(os, odi.Override{Flag: flag, Sensitive: true, Reason: f.Get("reason_" + string(flag))})
		case "not_sensitive":
			os = append(os, odi.Override{Flag: flag, Sensitive: false, Reason: f.Get("reason_" + string(flag))})
		}
	}
	version, err := formVersion(f)
	if err == nil {
		_, err = s.ODI.SetOverrides(r.Context(), id, version, os)
	}
	if err != nil {
		return s.renderProject(w, r, id, "overrides", err)
	}
	http.Redirect(w, r, fmt.Sprintf("/odi/projects/%d?saved=overrides#overrides", id), http.StatusSeeOther)
	return nil
}
