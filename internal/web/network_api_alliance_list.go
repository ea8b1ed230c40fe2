package web

import (
	"net/http"

	"chuhai/internal/network"
)

// apiAllianceList lists active alliances with their member counts.
func (s *Server) apiAllianceList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	as, total, err := s.Network.ListAlliances(r.Context(), network.AllianceFilter{Scope: r.URL.Query().Get("scope"),
		Limit: pg.PerPage, Offset: pg.Offset()})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[network.Alliance]{Items: as, Page: pg.Page, PerPage: pg.PerPage, Total: total})
}
