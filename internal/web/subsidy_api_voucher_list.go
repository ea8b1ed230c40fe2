package web

import (
	"net/http"

	"chuhai/internal/subsidy"
)

// apiVoucherList lists vouchers, or finds one by its code.
func (s *Server) apiVoucherList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	if code := r.URL.Query().Get("code"); code != "" {
		v, err := s.Subsidy.VoucherByCode(r.Context(), code)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, List[subsidy.Voucher]{Items: []subsidy.Voucher{v}, Page: 1, PerPage: pg.PerPage, Total: 1})
	}
	prog, err := queryID(r, "programme")
	if err != nil {
		return err
	}
	vs, total, err := s.Subsidy.ListVouchers(r.Context(), subsidy.VoucherFilter{ProgrammeID: prog, State: r.URL.Query().Get("state"),
		Limit: pg.PerPage, Offset: pg.Offset()})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[subsidy.Voucher]{Items: vs, Page: pg.Page, PerPage: pg.PerPage, Total: total})
}
