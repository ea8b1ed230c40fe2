package web

import (
	"net/http"

	"chuhai/internal/network"
)

// apiMemberList lists an alliance's members with the providers' names.
func (s *Server) apiMemberList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	items, total, err := s.members(r, r.PathValue("code"), network.MemberFilter{Status: r.URL.Query().Get("status"),
		Limit: pg.PerPage, Offset: pg.Offset()})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[memberView]{Items: items, Page: pg.Page, PerPage: pg.PerPage, Total: total})
}

// members lists one page of an alliance's members and looks up the providers in the directory.
func (s *Server) members(r *http.Request, code string, f network.MemberFilter) ([]memberView, int, error) {
	ms, total, err := s.Network.ListMembers(r.Context(), code, f)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ProviderID
	}
	providers, err := s.Directory.ProvidersByID(r.Context(), ids)
	if err != nil {
		return nil, 0, err
	}
	out := make([]memberView, len(ms))
	for i, m := range ms {
		out[i] = memberView{Member: m, Provider: providers[m.ProviderID]}
	}
	return out, total, nil
}
