package web

import (
	"net/http"

	"chuhai/internal/casework"
)

// caseworkInvoiceForm records an invoice against an engagement.
func (s *Server) caseworkInvoiceForm(w http.ResponseWriter, r *http.Request) error {
	id, f, ref, err := s.engagementForm(r)
	if err != nil {
		return err
	}
	in := casework.NewInvoice{Number: f.Get("number"), IssuedOn: trimmed(f, "issued_on")}
	in.AmountFen, err = formYuan(f, "amount")
	if err == nil {
		_, err = s.Casework.AddInvoice(r.Context(), id, in)
	}
	if err != nil {
		return s.reshow(w, r, ref, "invoice-"+itoa(id), err, "number", "amount", "amount_fen=amount", "issued_on")
	}
	afterForm(w, r, ref, "invoice", "engagement-"+itoa(id))
	return nil
}
