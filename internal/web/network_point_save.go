package web

import (
	"net/http"
	"net/url"

	"chuhai/internal/network"
)

// networkPointSave creates a point (POST /network/points) or replaces one (POST /network/points/{code}).
// On a validation failure or a conflict the form comes back with what was typed and the errors
// beside their fields.
func (s *Server) networkPointSave(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	code := r.PathValue("code")
	in := network.PointInput{Code: trimmed(f, "code"), Kind: trimmed(f, "kind"), NameZh: trimmed(f, "name_zh"), NameEn: trimmed(f, "name_en"),
		RegionCode: trimmed(f, "region_code"), AddressZh: trimmed(f, "address_zh"), AddressEn: trimmed(f, "address_en"),
		OpeningHoursZh: trimmed(f, "opening_hours_zh"), OpeningHoursEn: trimmed(f, "opening_hours_en"), TimeZone: trimmed(f, "time_zone"),
		Phone: trimmed(f, "phone"), Email: trimmed(f, "email"), NoteZh: trimmed(f, "note_zh"), NoteEn: trimmed(f, "note_en"),
		OpenedOn: trimmed(f, "opened_on"), Capabilities: f["capabilities"], Countries: f["countries"]}
	var p network.Point
	version := 0
	active := true
	if code == "" {
		p, err = s.Network.CreatePoint(r.Context(), in)
	} else {
		active = f.Get("active") == "1"
		in.Active = &active
		if version, err = formVersion(f); err == nil {
			p, err = s.Network.UpdatePoint(r.Context(), code, version, in)
		}
	}
	if err != nil {
		ref, rerr := s.networkRef(r.Context())
		if rerr != nil {
			return rerr
		}
		st := s.pointForm(r, ref, in, code, version, active)
		status, err := s.formFailure(r, err, st)
		if err != nil {
			return err
		}
		title := "network.point.new"
		if code != "" {
			title = "network.point.edit"
		}
		s.renderStatus(w, r, status, "network_point_form", st, title)
		return nil
	}
	http.Redirect(w, r, "/network/points/"+url.PathEscape(p.Code)+"?saved=1", http.StatusSeeOther)
	return nil
}
