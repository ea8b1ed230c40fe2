package web

import (
	"net/http"

	"chuhai/internal/subsidy"
)

type subsidyVouchersData struct {
	Vouchers []subsidy.Voucher
	Pager    pager
	Code     string
}

// subsidyVoucherList lists vouchers (an enterprise its own, a provider those it redeemed, staff their
// region's); a provider finds a voucher by the code its holder gives.
func (s *Server) subsidyVoucherList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	if code := trimmedQuery(r, "code"); code != "" {
		v, err := s.Subsidy.VoucherByCode(r.Context(), code)
		if err != nil {
			return err
		}
		http.Redirect(w, r, "/subsidy/vouchers/"+itoa(v.ID), http.StatusSeeOther)
		return nil
	}
	vs, total, err := s.Subsidy.ListVouchers(r.Context(), subsidy.VoucherFilter{Limit: pg.PerPage, Offset: pg.Offset()})
	if err != nil {
		return err
	}
	return s.render(w, r, "subsidy_vouchers", "subsidy.vouchers.title", subsidyVouchersData{Vouchers: vs, Pager: newPager(r, pg, total)})
}

func trimmedQuery(r *http.Request, name string) string { return trimmed(r.URL.Query(), name) }
