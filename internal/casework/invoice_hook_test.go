package casework

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/db"
)

// invoiceHook records what casework told it, in the caller's transaction, or fails.
type invoiceHook struct {
	mu   sync.Mutex
	seen []RecordedInvoice
	fail error
}

func (h *invoiceHook) OnInvoiceRecorded(ctx context.Context, tx *db.Tx, inv RecordedInvoice) error {
	if _, err := tx.Exec(ctx, `INSERT INTO test_notice (user_id, key) VALUES ($1, 'invoice hook')`, inv.ID); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seen = append(h.seen, inv)
	return h.fail
}

func TestInvoiceHookRunsInTheInvoicesTransaction(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		hook := &invoiceHook{}
		s := *f.s
		s.invoices = hook
		ent := f.enterprise("上海示例精密制造有限公司", xuhui)
		firm := f.user("firm", auth.NewUser{Role: auth.EnterpriseAdmin, EnterpriseID: ent})
		odi := f.user("ja-odi-staff", auth.NewUser{Role: auth.PointStaff, PointID: f.points["JA-ODI"]})
		law := f.provider("甲律师事务所", true)
		pa := f.user("provider", auth.NewUser{Role: auth.ProviderAdmin, ProviderID: law})
		r, err := s.CreateRequest(firm, odiRequest())
		if err != nil {
			t.Fatal(err)
		}
		fs, err := s.Refer(odi, r.Ref, NewReferral{ProviderIDs: []int64{law}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.RespondReferral(pa, fs[0].ID, fs[0].Version, true, ""); err != nil {
			t.Fatal(err)
		}
		eng, err := s.CreateEngagement(odi, NewEngagement{ReferralID: fs[0].ID, Scope: "ODI 备案", AmountFen: 8_000_000, StartOn: "2026-03-02", EndOn: "2026-05-29"})
		if err != nil {
			t.Fatal(err)
		}

		// A failing hook takes the invoice, its event and its audit entry with it.
		hook.fail = errors.New("subsidy is down")
		before := f.rows()
		if _, err := s.AddInvoice(pa, eng.ID, NewInvoice{Number: "INV-1", AmountFen: 2_000_000, IssuedOn: "2026-03-02"}); !errors.Is(err, hook.fail) {
			t.Fatalf("add invoice with a failing hook: %v", err)
		}
		if after := f.rows(); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("a refused invoice wrote %v → %v", before, after)
		}
		if got, _ := s.Engagement(odi, eng.ID); got.InvoicedFen != 0 {
			t.Errorf("invoiced %d after the rollback", got.InvoicedFen)
		}

		hook.fail = nil
		eng, err = s.AddInvoice(pa, eng.ID, NewInvoice{Number: "INV-1", AmountFen: 2_000_000, IssuedOn: "2026-03-02"})
		if err != nil {
			t.Fatal(err)
		}
		want := RecordedInvoice{ID: eng.Invoices[0].ID, Number: "INV-1", EngagementID: eng.ID, EnterpriseID: ent, ProviderID: law,
			Topic: "odi", Categories: []string{"accounting", "consulting", "legal"}, AmountFen: 2_000_000}
		want.IssuedOn = hook.seen[1].IssuedOn
		if len(hook.seen) != 2 || fmt.Sprint(hook.seen[1]) != fmt.Sprint(want) || hook.seen[1].IssuedOn.String() != "2026-03-02" {
			t.Fatalf("hook saw %+v, want %+v", hook.seen, want)
		}
		if n := f.count(`SELECT COUNT(*) FROM test_notice WHERE key = 'invoice hook' AND user_id = $1`, want.ID); n != 1 {
			t.Errorf("the hook's write committed %d times", n)
		}
		// What subsidy reads back later is what the hook was told.
		got, err := s.Invoice(context.Background(), want.ID)
		if err != nil || fmt.Sprint(got) != fmt.Sprint(hook.seen[1]) {
			t.Errorf("Invoice = %+v %v", got, err)
		}
		if _, err := s.Invoice(context.Background(), want.ID+100); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("unknown invoice: %v", err)
		}
		if !slices.Equal(got.Categories, want.Categories) {
			t.Errorf("categories %v", got.Categories)
		}
	})
}
