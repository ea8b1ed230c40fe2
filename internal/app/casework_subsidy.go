package app

import (
	"context"
	"slices"

	"chuhai/internal/casework"
	"chuhai/internal/db"
	"chuhai/internal/directory"
	"chuhai/internal/subsidy"
)

// caseworkInvoices joins casework's invoices to subsidy: casework tells subsidy of every invoice in
// the transaction that records it (免申即享 offers and automatic applications), and subsidy reads
// recorded invoices back when an enterprise applies against one or accepts an offer.
type caseworkInvoices struct {
	subsidy  *subsidy.Service
	casework func() *casework.Store // built after this is handed to it
	dir      *directory.Store
}

func (c caseworkInvoices) OnInvoiceRecorded(ctx context.Context, tx *db.Tx, inv casework.RecordedInvoice) error {
	si, err := c.convert(ctx, inv)
	if err != nil {
		return err
	}
	return c.subsidy.OnInvoiceRecorded(ctx, tx, si)
}

// Invoice is subsidy's view of a recorded invoice.
func (c caseworkInvoices) Invoice(ctx context.Context, id int64) (subsidy.Invoice, error) {
	inv, err := c.casework().Invoice(ctx, id)
	if err != nil {
		return subsidy.Invoice{}, err
	}
	return c.convert(ctx, inv)
}

// convert names the service bought: the first of the topic's categories the provider offers, or the
// topic's first category when it offers none of them (a programme limited to categories then
// explains why it does not pay).
func (c caseworkInvoices) convert(ctx context.Context, inv casework.RecordedInvoice) (subsidy.Invoice, error) {
	p, err := c.dir.ProviderByID(trusted(ctx), inv.ProviderID)
	if err != nil {
		return subsidy.Invoice{}, err
	}
	var category string
	for _, cat := range inv.Categories {
		if slices.Contains(p.Categories, cat) {
			category = cat
			break
		}
	}
	if category == "" && len(inv.Categories) > 0 {
		category = inv.Categories[0]
	}
	return subsidy.Invoice{ID: inv.ID, Number: inv.Number, EngagementID: inv.EngagementID, EnterpriseID: inv.EnterpriseID,
		ProviderID: inv.ProviderID, Category: category, AmountFen: inv.AmountFen, Date: inv.IssuedOn}, nil
}
