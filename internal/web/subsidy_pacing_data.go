package web

import (
	"net/http"
)

// pacingChart is what the burn-down chart script reads: labels in the page's language and amounts in
// yuan (two decimals) per day.
type pacingChart struct {
	Dates     []string  `json:"dates"`
	Budget    []float64 `json:"budget"`
	Committed []float64 `json:"committed"`
	Paid      []float64 `json:"paid"`
	Remaining []float64 `json:"remaining"`
	Labels    struct {
		Budget, Committed, Paid, Remaining, RunOut string
	} `json:"labels"`
	RunOut string `json:"run_out,omitempty"`
}

// subsidyPacingData serves the burn-down series to the chart script (the CSP forbids inline
// script, so the page cannot carry the data in a script block).
func (s *Server) subsidyPacingData(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pc, err := s.Subsidy.Pacing(r.Context(), id)
	if err != nil {
		return err
	}
	lang := info(r).lang
	var c pacingChart
	yuan := func(f int64) float64 { return float64(f) / 100 }
	for _, p := range pc.Series {
		c.Dates = append(c.Dates, p.Date.String())
		c.Budget = append(c.Budget, yuan(int64(p.BudgetFen)))
		c.Committed = append(c.Committed, yuan(int64(p.CommittedFen)))
		c.Paid = append(c.Paid, yuan(int64(p.PaidFen)))
		c.Remaining = append(c.Remaining, yuan(int64(p.RemainingFen)))
	}
	c.Labels.Budget, c.Labels.Committed = s.Cat.T(lang, "subsidy.field.budget", nil), s.Cat.T(lang, "subsidy.pacing.committed", nil)
	c.Labels.Paid, c.Labels.Remaining = s.Cat.T(lang, "subsidy.pacing.paid", nil), s.Cat.T(lang, "subsidy.pacing.remaining", nil)
	c.Labels.RunOut = s.Cat.T(lang, "subsidy.pacing.run_out", nil)
	if pc.RunOutOn != nil {
		c.RunOut = pc.RunOutOn.String()
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, c)
}
