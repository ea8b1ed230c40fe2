package casework

import (
	"context"
	"fmt"

	"chuhai/internal/apperr"
	"chuhai/internal/db"
	"chuhai/internal/money"
	"chuhai/internal/workday"
)

// RecordedInvoice is an engagement's invoice as those who pay against engagements see it: who bought
// what from whom, for how much, when.
type RecordedInvoice struct {
	ID           int64
	Number       string
	EngagementID int64
	EnterpriseID int64
	ProviderID   int64
	Topic        string
	// Categories are the directory's provider categories serving the request's topic; the service
	// bought is the one of them the provider offers.
	Categories []string
	AmountFen  money.Fen
	IssuedOn   workday.Date
}

// InvoiceHook is told of every invoice recorded, in the transaction that records it: an error rolls
// the invoice back. Subsidy offers its programmes from here (免申即享); app wires it in.
type InvoiceHook interface {
	OnInvoiceRecorded(ctx context.Context, tx *db.Tx, inv RecordedInvoice) error
}

const recordedInvoiceSelect = `SELECT i.id, i.number, i.engagement_id, e.enterprise_id, e.provider_id, r.topic_code, i.amount_fen, i.issued_on
	FROM casework_invoice i JOIN casework_engagement e ON e.id = i.engagement_id JOIN casework_request r ON r.id = e.request_id
	WHERE i.id = $1`

func recordedInvoice(ctx context.Context, q db.Querier, id int64) (RecordedInvoice, error) {
	var inv RecordedInvoice
	var issued string
	err := q.QueryRow(ctx, recordedInvoiceSelect, id).Scan(&inv.ID, &inv.Number, &inv.EngagementID, &inv.EnterpriseID,
		&inv.ProviderID, &inv.Topic, &inv.AmountFen, &issued)
	if isNoRows(err) {
		return inv, apperr.NotFound(fmt.Sprintf("invoice %d", id))
	}
	if err != nil {
		return inv, err
	}
	if inv.IssuedOn, err = workday.ParseDate(issued); err != nil {
		return inv, fmt.Errorf("invoice %d: %w", id, err)
	}
	inv.Categories, err = topicCategories(ctx, q, inv.Topic)
	return inv, err
}

// Invoice returns a recorded invoice (apperr.ErrNotFound when there is none), whoever asks: it is
// for subsidy, which decides itself who may see its applications.
func (s *Store) Invoice(ctx context.Context, id int64) (RecordedInvoice, error) {
	return recordedInvoice(ctx, s.db, id)
}
