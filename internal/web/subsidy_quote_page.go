package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/money"
	"chuhai/internal/network"
	"chuhai/internal/subsidy"
)

type subsidyQuoteData struct {
	Providers, Categories []option
	Amount, Date, USCC    string
	AskUSCC               bool
	Quotes                []quoteView
	Asked                 bool
	Errors                []formProblem
}

// subsidyQuotePage lets an enterprise (or staff for an enterprise) try an invoice against every
// programme before buying: the same stateless quote as the API, line by line. It changes nothing, so
// it is a GET form.
func (s *Server) subsidyQuotePage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	p := info(r).principal
	d := subsidyQuoteData{Amount: q.Get("amount"), Date: q.Get("date"), USCC: q.Get("uscc"), AskUSCC: p.Role.Scope() != auth.ScopeEnterprise}
	names, err := s.Subsidy.Names(ctx)
	if err != nil {
		return err
	}
	codes := make([]string, 0, len(names.Categories))
	for c := range names.Categories {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		d.Categories = append(d.Categories, option{Value: c, Zh: names.Categories[c].Zh, En: names.Categories[c].En, Selected: c == q.Get("category")})
	}
	// The providers offered are the alliances' active members: the firms programmes name.
	as, _, err := s.Network.ListAlliances(ctx, network.AllianceFilter{Limit: 100})
	if err != nil {
		return err
	}
	var ids []int64
	for _, a := range as {
		ms, _, err := s.Network.ListMembers(ctx, a.Code, network.MemberFilter{Status: "active", Limit: 100})
		if err != nil {
			return err
		}
		for _, m := range ms {
			if !slices.Contains(ids, m.ProviderID) {
				ids = append(ids, m.ProviderID)
			}
		}
	}
	ps, err := s.Directory.ProvidersByID(ctx, ids)
	if err != nil {
		return err
	}
	slices.Sort(ids)
	for _, id := range ids {
		if pr, ok := ps[id]; ok {
			d.Providers = append(d.Providers, option{Value: itoa(id), Zh: pr.NameZh, En: pr.NameEn, Selected: itoa(id) == q.Get("provider")})
		}
	}
	if q.Get("provider") == "" {
		return s.render(w, r, "subsidy_quote", "subsidy.quote.title", d)
	}
	d.Asked = true
	in := subsidy.QuoteRequest{Category: q.Get("category"), InvoiceDate: q.Get("date"), EnterpriseID: p.EnterpriseID}
	in.ProviderID, _ = strconv.ParseInt(q.Get("provider"), 10, 64)
	var v apperr.Validator
	if d.AskUSCC {
		e, err := s.Directory.EnterpriseByUSCC(ctx, d.USCC)
		switch {
		case errors.Is(err, apperr.ErrNotFound):
			v.Add("uscc", "subsidy.enterprise.unknown")
		case err != nil:
			return err
		default:
			in.EnterpriseID = e.ID
		}
	}
	if in.InvoiceAmountFen, err = money.ParseYuan("invoice_amount_fen", d.Amount); err != nil {
		return err
	}
	if err := v.Err(); err != nil {
		return err
	}
	qs, err := s.Subsidy.Quote(ctx, in)
	if e, ok := apperr.As(err); ok && e.Kind == apperr.KindInvalid {
		lang := info(r).lang
		for _, f := range e.Fields {
			d.Errors = append(d.Errors, formProblem{Label: f.Name, Message: s.Cat.T(lang, f.Key, f.Args)})
		}
		s.renderStatus(w, r, http.StatusBadRequest, "subsidy_quote", d, "subsidy.quote.title")
		return nil
	}
	if err != nil {
		return err
	}
	lang := info(r).lang
	for _, x := range qs {
		d.Quotes = append(d.Quotes, quoteView{ProgrammeID: x.ProgrammeID, ProgrammeName: nameIn(lang, x.Name), Eligible: x.Eligible,
			AmountFen: int64(x.AmountFen), Explanation: s.explain(r, x.Lines)})
	}
	return s.render(w, r, "subsidy_quote", "subsidy.quote.title", d)
}
