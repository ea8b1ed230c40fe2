package web

import (
	"net/http"

	"chuhai/internal/network"
)

type networkAllianceData struct {
	Alliance allianceView
	Members  []memberView
	Pager    pager
	CanEdit  bool
	Saved    bool
}

// networkAllianceShow shows an alliance and a page of its members.
func (s *Server) networkAllianceShow(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	a, err := s.Network.AllianceByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	members, total, err := s.members(r, a.Code, network.MemberFilter{Limit: pg.PerPage, Offset: pg.Offset()})
	if err != nil {
		return err
	}
	ref, err := s.networkRef(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, "network_alliance", "network.alliance.title", networkAllianceData{Alliance: ref.alliance(a),
		Members: members, Pager: newPager(r, pg, total), CanEdit: info(r).principal.CityWide(), Saved: r.URL.Query().Get("saved") == "1"})
}
