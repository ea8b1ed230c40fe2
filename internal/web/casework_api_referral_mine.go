package web

import (
	"net/http"

	"chuhai/internal/casework"
)

// apiProviderReferrals lists the calling provider's referrals.
func (s *Server) apiProviderReferrals(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	fs, total, err := s.Casework.ProviderReferrals(r.Context(), info(r).principal.ProviderID, r.URL.Query().Get("status"), pg.PerPage, pg.Offset())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[casework.Referral]{Items: fs, Page: pg.Page, PerPage: pg.PerPage, Total: total})
}
