package web

import (
	"net/http"
	"net/url"

	"chuhai/internal/network"
)

// networkAllianceSave creates an alliance (POST /network/alliances) or replaces one
// (POST /network/alliances/{code}); on failure the form comes back with the input and the errors.
func (s *Server) networkAllianceSave(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	code := r.PathValue("code")
	in := network.AllianceInput{Code: trimmed(f, "code"), NameZh: trimmed(f, "name_zh"), NameEn: trimmed(f, "name_en"),
		Scope: trimmed(f, "scope"), OwnerRegion: trimmed(f, "owner_region"), Regions: f["regions"], FoundedOn: trimmed(f, "founded_on"),
		DescriptionZh: trimmed(f, "description_zh"), DescriptionEn: trimmed(f, "description_en")}
	var a network.Alliance
	version := 0
	active := true
	if code == "" {
		a, err = s.Network.CreateAlliance(r.Context(), in)
	} else {
		active = f.Get("active") == "1"
		in.Active = &active
		if version, err = formVersion(f); err == nil {
			a, err = s.Network.UpdateAlliance(r.Context(), code, version, in)
		}
	}
	if err != nil {
		ref, rerr := s.networkRef(r.Context())
		if rerr != nil {
			return rerr
		}
		st := s.allianceForm(r, ref, in, code, version, active)
		status, err := s.formFailure(r, err, st)
		if err != nil {
			return err
		}
		title := "network.alliance.new"
		if code != "" {
			title = "network.alliance.edit"
		}
		s.renderStatus(w, r, status, "network_alliance_form", st, title)
		return nil
	}
	http.Redirect(w, r, "/network/alliances/"+url.PathEscape(a.Code)+"?saved=1", http.StatusSeeOther)
	return nil
}
