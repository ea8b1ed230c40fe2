package subsidy_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"chuhai/internal/apperr"
	"chuhai/internal/db"
	"chuhai/internal/subsidy"
)

func (f *fixture) record(inv subsidy.Invoice) {
	f.t.Helper()
	err := f.d.InTx(context.Background(), func(tx *db.Tx) error { return f.s.OnInvoiceRecorded(context.Background(), tx, inv) })
	if err != nil {
		f.t.Fatalf("record invoice: %v", err)
	}
}

func TestRecordingAnInvoiceOffersEveryProgrammeThatWouldPay(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		xh := f.programme(xuhuiInput())
		auto := cityInput()
		auto.NoApplication = true // the city programme is 免申即享
		city := f.programme(auto)
		lgIn := xuhuiInput()
		lgIn.Code, lgIn.Owner, lgIn.Rules = "LG-PRO", "SH-LINGANG", subsidy.Rules{Areas: []string{"SH-LINGANG"}}
		f.programme(lgIn)

		inv := f.w.invoice(f.xuhui, f.xhLaw, "legal", yuan(1_200_000), "2026-06-01")
		f.record(inv)
		f.record(inv) // recording twice offers nothing twice

		ent := f.ent(f.xuhui)
		offers, total, err := f.s.Offers(ent, f.xuhui, 20, 0)
		if err != nil {
			t.Fatal(err)
		}
		if total != 1 || offers[0].ProgrammeID != xh.ID || offers[0].AmountFen != yuan(300_000) || offers[0].State != subsidy.OfferOpen {
			t.Fatalf("offers %+v (total %d), want one 300,000 Xuhui offer (Lingang does not apply; the city one needs no consent)", offers, total)
		}
		// The 免申即享 programme opened the case straight away, and the enterprise was told.
		apps, _, err := f.s.ListApplications(ent, subsidy.ApplicationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(apps) != 1 || apps[0].ProgrammeID != city.ID || apps[0].Origin != "automatic" || apps[0].State != subsidy.StateSubmitted || apps[0].RequestedFen != yuan(480_000) {
			t.Fatalf("automatic applications %+v", apps)
		}
		sent := strings.Join(f.notes.sent, "\n")
		if !strings.Contains(sent, "subsidy.notify.automatic") || !strings.Contains(sent, "subsidy.notify.offer") {
			t.Errorf("notifications %v", f.notes.sent)
		}
		if _, err := f.s.AcceptOffer(f.ent(f.lingang), offers[0].ID); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("another enterprise accepting: %v", err)
		}
		// Consent: the application is created pre-filled, assessed again now — the city claim of
		// 480,000 leaves 120,000 under the 50% ceiling.
		a, err := f.s.AcceptOffer(ent, offers[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Origin != "offer" || a.InvoiceID != inv.ID || a.RequestedFen != yuan(120_000) || a.State != subsidy.StateSubmitted {
			t.Errorf("accepted %+v", a)
		}
		if _, err := f.s.AcceptOffer(ent, offers[0].ID); !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("accepting twice: %v", err)
		}
		if err := f.s.DeclineOffer(ent, offers[0].ID); !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("declining an accepted offer: %v", err)
		}
	})
}
