package web

import (
	"crypto/rand"
	"net/http"

	"chuhai/internal/subsidy"
)

type subsidyPacingData struct {
	P        programmeView
	Pacing   subsidy.Pacing
	Entries  []subsidy.Entry
	Closed   bool
	Recorded bool
	Key      string // a fresh idempotency key for the ledger form, so a double submit books once
	DataURL  string
	Settled  bool
	Vouchers bool
}

// subsidyPacing is a programme's budget pacing page: committed, paid and remaining, the burn-down
// chart (with the same figures as a table), the run-out forecast, rounds and recent ledger entries.
func (s *Server) subsidyPacing(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pc, err := s.Subsidy.Pacing(r.Context(), id)
	if err != nil {
		return err
	}
	es, _, err := s.Subsidy.Ledger(r.Context(), id, 20, 0)
	if err != nil {
		return err
	}
	names, err := s.Subsidy.Names(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, "subsidy_pacing", "subsidy.pacing.title", subsidyPacingData{P: s.programmeView(r, pc.Programme, names),
		Pacing: pc, Entries: es, Closed: r.URL.Query().Get("closed") == "1", Recorded: r.URL.Query().Get("recorded") == "1", Key: rand.Text(), DataURL: "/subsidy/pacing/" + itoa(id) + "/data.json",
		Vouchers: pc.Programme.Kind == subsidy.KindVoucher})
}
