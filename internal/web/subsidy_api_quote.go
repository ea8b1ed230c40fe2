package web

import (
	"net/http"

	"chuhai/internal/subsidy"
)

// apiQuote answers what every programme would pay for an invoice; nothing is stored.
func (s *Server) apiQuote(w http.ResponseWriter, r *http.Request) error {
	var in subsidy.QuoteRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	qs, err := s.Subsidy.Quote(r.Context(), in)
	if err != nil {
		return err
	}
	lang := info(r).lang
	out := quoteResponse{Quotes: make([]quoteView, len(qs))}
	for i, q := range qs {
		out.Quotes[i] = quoteView{ProgrammeID: q.ProgrammeID, ProgrammeName: nameIn(lang, q.Name), Eligible: q.Eligible,
			AmountFen: int64(q.AmountFen), Explanation: s.explain(r, q.Lines)}
	}
	return writeJSON(w, http.StatusOK, out)
}
