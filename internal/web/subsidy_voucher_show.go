package web

import (
	"net/http"

	"chuhai/internal/auth"
	"chuhai/internal/subsidy"
)

type subsidyVoucherData struct {
	V         subsidy.Voucher
	CanRedeem bool
	CanSettle bool
	Done      string
}

// subsidyVoucherShow shows a voucher, its redemptions and their settlement clocks; providers redeem
// here and owners settle.
func (s *Server) subsidyVoucherShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Subsidy.Voucher(r.Context(), id)
	if err != nil {
		return err
	}
	p := info(r).principal
	return s.render(w, r, "subsidy_voucher", "subsidy.voucher.title", subsidyVoucherData{V: v,
		CanRedeem: p.Role.Scope() == auth.ScopeProvider && v.State == subsidy.VoucherActive,
		CanSettle: s.Subsidy.MayOwn(r.Context(), v.Owner), Done: r.URL.Query().Get("done")})
}
