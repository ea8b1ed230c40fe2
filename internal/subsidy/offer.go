package subsidy

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/db"
	"chuhai/internal/money"
)

// Offer states.
const (
	OfferOpen     = "open"
	OfferAccepted = "accepted"
	OfferDeclined = "declined"
)

// Offer is a 免申即享 offer: a programme that would pay for an invoice the enterprise recorded,
// offered without an application. Consent creates the application, pre-filled.
type Offer struct {
	ID            int64     `json:"id"`
	ProgrammeID   int64     `json:"programme_id"`
	ProgrammeName Name      `json:"programme_name"`
	EnterpriseID  int64     `json:"enterprise_id"`
	InvoiceID     int64     `json:"invoice_id"`
	AmountFen     money.Fen `json:"amount_fen"`
	Explanation   []Line    `json:"-"`
	State         string    `json:"state"`
	ApplicationID int64     `json:"application_id,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
}

// OnInvoiceRecorded is the hook casework calls in the transaction that records an engagement's
// invoice: every programme that would pay for it is offered to the enterprise (an offer it accepts
// with one click), and no-application (免申即享) programmes open the case straight away in review;
// either way the enterprise is told. Facts about the enterprise and provider are read outside tx, so
// they must already be committed (they are: an engagement needs both).
//
// It is idempotent: each programme decides about an invoice once. A programme that has already
// offered it, or holds an application for it in any state (accepted, automatic, applied for by hand,
// even rejected or withdrawn), offers nothing again, so a hook delivered twice — or concurrently —
// neither repeats an offer nor reopens a case the reviewers closed. An invoice with no positive
// amount within MaxAmountFen is offered nothing.
func (s *Service) OnInvoiceRecorded(ctx context.Context, tx *db.Tx, inv Invoice) error {
	if inv.ID <= 0 || inv.EnterpriseID <= 0 {
		return fmt.Errorf("subsidy: invoice hook without an invoice or enterprise id (%d, %d)", inv.ID, inv.EnterpriseID)
	}
	if inv.AmountFen <= 0 || inv.AmountFen > MaxAmountFen {
		return nil
	}
	// The programmes are read in tx; facts from the directory and the calendar are read before any
	// lock is taken (see preload).
	ids, err := activeRateProgrammes(ctx, tx)
	if err != nil || len(ids) == 0 {
		return err
	}
	claim, err := s.facts(ctx, &inv, 0)
	if err != nil {
		return err
	}
	names, err := s.names(ctx)
	if err != nil {
		return err
	}
	if ctx, err = s.preload(ctx, inv.EnterpriseID); err != nil {
		return err
	}
	// Lock every programme (in id order, as everywhere) before the invoice, so that this never waits
	// in a cycle with an approval that holds one programme and wants the invoice.
	locked := make([]Programme, len(ids))
	for i, id := range ids {
		if locked[i], err = s.programme(ctx, tx, id, true); err != nil {
			return err
		}
	}
	if err := s.lockInvoice(ctx, tx, inv.ID); err != nil {
		return err
	}
	for _, p := range locked {
		var decided int
		if err := tx.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM subsidy_offer WHERE programme_id = $1 AND invoice_id = $2)
			+ (SELECT COUNT(*) FROM subsidy_application WHERE programme_id = $1 AND invoice_id = $2)`, p.ID, inv.ID).Scan(&decided); err != nil {
			return err
		}
		if decided > 0 {
			continue // this programme has decided about the invoice before
		}
		u, err := s.usage(ctx, tx, p, inv.EnterpriseID, inv.ID, inv.Date.Year(), 0)
		if err != nil {
			return err
		}
		q, err := Assess(p, claim, u, names, s.today())
		if err != nil || !q.Eligible {
			continue // an overflow cannot happen within MaxAmountFen; an ineligible programme offers nothing
		}
		if p.NoApplication {
			id, err := s.create(ctx, tx, p.ID, claim, &inv, names, originAutomatic, ApplicationInput{ProgrammeID: p.ID, InvoiceID: inv.ID})
			if err != nil {
				if e, ok := apperr.As(err); ok && e.Kind == apperr.KindInvalid {
					continue // already claimed on this programme
				}
				return err
			}
			if err := s.notify(ctx, tx, inv.EnterpriseID, "subsidy.notify.subject.automatic", "subsidy.notify.automatic",
				map[string]any{"Programme": p.NameZh, "Amount": q.AmountFen.String()}, "/subsidy/applications/"+itoa(id)); err != nil {
				return err
			}
			continue
		}
		expl, _ := json.Marshal(q.Lines)
		now := s.Now().UTC()
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO subsidy_offer (programme_id, enterprise_id, invoice_id, amount_fen, explanation, state, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$7) ON CONFLICT (programme_id, invoice_id) DO NOTHING RETURNING id`,
			p.ID, inv.EnterpriseID, inv.ID, q.AmountFen, string(expl), OfferOpen, now).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue // offered before (the check above makes this unreachable under the programme locks)
		}
		if err != nil {
			return err
		}
		if err := s.audit(ctx, tx, "subsidy.offer.create", "subsidy_offer", id, map[string]any{"programme": p.ID,
			"enterprise": inv.EnterpriseID, "invoice": inv.ID, "amount_fen": int64(q.AmountFen)}); err != nil {
			return err
		}
		if err := s.notify(ctx, tx, inv.EnterpriseID, "subsidy.notify.subject.offer", "subsidy.notify.offer",
			map[string]any{"Programme": p.NameZh, "Amount": q.AmountFen.String()}, "/subsidy/offers"); err != nil {
			return err
		}
	}
	return nil
}

// activeRateProgrammes lists the ids of active rate programmes, in id order (the lock order).
func activeRateProgrammes(ctx context.Context, tx *db.Tx) ([]int64, error) {
	rows, err := tx.Query(ctx, `SELECT id FROM subsidy_programme WHERE kind = $1 AND active = `+boolLit(tx, true)+` ORDER BY id`, KindRate)
	if err != nil {
		return nil, err
	}
	return db.CollectIDs(rows)
}

func (s *Service) notify(ctx context.Context, tx *db.Tx, enterpriseID int64, subjectKey, bodyKey string, data map[string]any, link string) error {
	if s.Notifier == nil {
		return nil
	}
	return s.Notifier.NotifyEnterprise(ctx, tx, enterpriseID, subjectKey, bodyKey, data, link)
}

const offerSelect = `SELECT o.id, o.programme_id, p.name_zh, p.name_en, o.enterprise_id, o.invoice_id, o.amount_fen, o.explanation,
	o.state, COALESCE(o.application_id, 0), o.created_at FROM subsidy_offer o JOIN subsidy_programme p ON p.id = o.programme_id`

func scanOffer(row interface{ Scan(...any) error }) (Offer, error) {
	var o Offer
	var expl string
	err := row.Scan(&o.ID, &o.ProgrammeID, &o.ProgrammeName.Zh, &o.ProgrammeName.En, &o.EnterpriseID, &o.InvoiceID, &o.AmountFen,
		&expl, &o.State, &o.ApplicationID, &o.CreatedAt)
	if err == nil {
		o.Explanation = decodeLines(expl)
	}
	return o, err
}

// Offers lists an enterprise's offers, open ones first.
func (s *Service) Offers(ctx context.Context, enterpriseID int64, limit, offset int) ([]Offer, int, error) {
	if err := maySeeEnterprise(ctx, enterpriseID); err != nil {
		return nil, 0, err
	}
	var total int
	if err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM subsidy_offer WHERE enterprise_id = $1`, enterpriseID).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.DB.Query(ctx, offerSelect+` WHERE o.enterprise_id = $1
		ORDER BY CASE WHEN o.state = 'open' THEN 0 ELSE 1 END, o.id DESC LIMIT $2 OFFSET $3`, enterpriseID, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Offer{}
	for rows.Next() {
		o, err := scanOffer(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, o)
	}
	return out, total, rows.Err()
}

func (s *Service) offer(ctx context.Context, q db.Querier, id int64) (Offer, error) {
	o, err := scanOffer(q.QueryRow(ctx, offerSelect+` WHERE o.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return o, apperr.NotFound(fmt.Sprintf("offer %d", id))
	}
	return o, err
}

// AcceptOffer is the enterprise's one-click consent: it creates the application, pre-filled from
// the invoice, assessed again now (the amount may have changed since the offer if other support
// arrived on the invoice). Required documents are waived: the claim rests on data the platform
// already holds, which is the point of 免申即享.
func (s *Service) AcceptOffer(ctx context.Context, id int64) (Application, error) {
	o, err := s.offer(ctx, s.DB, id)
	if err != nil {
		return Application{}, err
	}
	if err := mayActForEnterprise(ctx, o.EnterpriseID); err != nil {
		return Application{}, err
	}
	if o.State != OfferOpen {
		return Application{}, apperr.New(apperr.KindConflict, "subsidy.offer.closed")
	}
	inv, err := s.invoice(ctx, o.InvoiceID)
	if err != nil {
		return Application{}, err
	}
	claim, err := s.facts(ctx, &inv, 0)
	if err != nil {
		return Application{}, err
	}
	names, err := s.names(ctx)
	if err != nil {
		return Application{}, err
	}
	if ctx, err = s.preload(ctx, o.EnterpriseID); err != nil {
		return Application{}, err
	}
	var appID int64
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE subsidy_offer SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4`,
			OfferAccepted, s.Now().UTC(), id, OfferOpen)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.KindConflict, "subsidy.offer.closed")
		}
		if appID, err = s.create(ctx, tx, o.ProgrammeID, claim, &inv, names, originOffer, ApplicationInput{ProgrammeID: o.ProgrammeID, InvoiceID: inv.ID}); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE subsidy_offer SET application_id = $1 WHERE id = $2`, appID, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, "subsidy.offer.accept", "subsidy_offer", id, map[string]any{"application": appID})
	})
	if err != nil {
		return Application{}, err
	}
	return s.Application(ctx, appID)
}

// DeclineOffer records that the enterprise does not want an offer.
func (s *Service) DeclineOffer(ctx context.Context, id int64) error {
	o, err := s.offer(ctx, s.DB, id)
	if err != nil {
		return err
	}
	if err := mayActForEnterprise(ctx, o.EnterpriseID); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE subsidy_offer SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4`,
			OfferDeclined, s.Now().UTC(), id, OfferOpen)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.KindConflict, "subsidy.offer.closed")
		}
		return s.audit(ctx, tx, "subsidy.offer.decline", "subsidy_offer", id, nil)
	})
}
