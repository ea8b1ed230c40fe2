package web

import (
	"errors"
	"net/http"

	"chuhai/internal/apperr"
	"chuhai/internal/money"
	"chuhai/internal/subsidy"
)

// subsidyVoucherIssue issues a voucher from a voucher programme's page: the owner names the
// enterprise by its unified social credit code, as it appears on the business licence.
func (s *Server) subsidyVoucherIssue(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	ent, err := s.Directory.EnterpriseByUSCC(r.Context(), trimmed(f, "uscc"))
	if errors.Is(err, apperr.ErrNotFound) {
		return apperr.Invalid(apperr.F("uscc", "subsidy.enterprise.unknown"))
	}
	if err != nil {
		return err
	}
	face, err := money.ParseYuan("face_fen", trimmed(f, "face"))
	if err != nil {
		return err
	}
	v, err := s.Subsidy.IssueVoucher(r.Context(), subsidy.VoucherInput{ProgrammeID: id, EnterpriseID: ent.ID, FaceFen: face,
		ValidFrom: trimmed(f, "valid_from"), ValidUntil: trimmed(f, "valid_until"), Categories: f["categories"]})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/subsidy/vouchers/"+itoa(v.ID)+"?done=issued", http.StatusSeeOther)
	return nil
}
