package subsidy

import (
	"context"
	"errors"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/money"
	"chuhai/internal/workday"
)

// QuoteRequest asks what every programme would pay for an invoice. Nothing is stored.
type QuoteRequest struct {
	EnterpriseID     int64     `json:"enterprise_id"`
	ProviderID       int64     `json:"provider_id"`
	Category         string    `json:"category"`
	InvoiceAmountFen money.Fen `json:"invoice_amount_fen"`
	InvoiceDate      string    `json:"invoice_date"`
}

// Quote is stateless: it assesses the request against every programme, with what the enterprise's
// existing claims already hold against annual caps (an enterprise's users and staff may ask; the
// remaining annual cap is the enterprise's business). A hypothetical invoice has no other support
// on it yet, so stacking shows the ceiling in full.
func (s *Service) Quote(ctx context.Context, in QuoteRequest) ([]Quote, error) {
	in.Category = strings.TrimSpace(in.Category)
	names, err := s.names(ctx)
	if err != nil {
		return nil, err
	}
	var v apperr.Validator
	v.Check(in.EnterpriseID > 0, "enterprise_id", "error.required")
	v.Check(in.ProviderID > 0, "provider_id", "error.required")
	if in.Category == "" {
		v.Add("category", "error.required")
	} else if _, ok := names.Categories[in.Category]; !ok {
		v.Add("category", "subsidy.code.unknown", "Code", in.Category)
	}
	switch {
	case in.InvoiceAmountFen <= 0:
		v.Add("invoice_amount_fen", "subsidy.amount.positive")
	case in.InvoiceAmountFen > MaxAmountFen:
		v.Add("invoice_amount_fen", "subsidy.amount.too_large", "Max", MaxAmountFen.String())
	}
	date, derr := workday.ParseDate(strings.TrimSpace(in.InvoiceDate))
	v.Check(derr == nil, "invoice_date", "subsidy.date.format")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := maySeeQuote(ctx, in.EnterpriseID); err != nil {
		return nil, err
	}
	ef, err := s.Directory.Enterprise(ctx, in.EnterpriseID)
	if errors.Is(err, apperr.ErrNotFound) {
		return nil, apperr.Invalid(apperr.F("enterprise_id", "subsidy.enterprise.unknown"))
	}
	if err != nil {
		return nil, err
	}
	pf, err := s.Directory.Provider(ctx, in.ProviderID)
	if errors.Is(err, apperr.ErrNotFound) {
		return nil, apperr.Invalid(apperr.F("provider_id", "subsidy.provider.unknown"))
	}
	if err != nil {
		return nil, err
	}
	ps, _, err := s.ListProgrammes(ctx, ProgrammeFilter{IncludeInactive: false, Limit: 1000})
	if err != nil {
		return nil, err
	}
	claim := Claim{Enterprise: ef, Provider: pf, Category: in.Category, AmountFen: in.InvoiceAmountFen, Date: date}
	out := make([]Quote, 0, len(ps))
	for _, p := range ps {
		u, err := s.usage(ctx, s.DB, p, ef.ID, 0, date.Year(), 0)
		if err != nil {
			return nil, err
		}
		q, err := Assess(p, claim, u, names, s.today())
		if err != nil {
			return nil, apperr.Invalid(apperr.F("invoice_amount_fen", "money.overflow"))
		}
		out = append(out, q)
	}
	return out, nil
}

func maySeeQuote(ctx context.Context, enterpriseID int64) error {
	return maySeeEnterprise(ctx, enterpriseID)
}
