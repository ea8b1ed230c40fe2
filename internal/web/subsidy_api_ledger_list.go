package web

import (
	"net/http"

	"chuhai/internal/subsidy"
)

// apiLedgerList lists a programme's ledger.
func (s *Server) apiLedgerList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pg, err := paging(r)
	if err != nil {
		return err
	}
	es, total, err := s.Subsidy.Ledger(r.Context(), id, pg.PerPage, pg.Offset())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[subsidy.Entry]{Items: es, Page: pg.Page, PerPage: pg.PerPage, Total: total})
}
