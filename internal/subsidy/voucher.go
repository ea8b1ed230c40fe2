package subsidy

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/jobs"
	"chuhai/internal/money"
	"chuhai/internal/workday"
)

// Voucher states.
const (
	VoucherActive  = "active"
	VoucherExpired = "expired"
)

// Redemption states.
const (
	RedemptionPending = "pending"
	RedemptionSettled = "settled"
)

// Voucher is a service voucher issued to an enterprise: its face value is committed in the
// programme's ledger at issue, redeemed (in parts) by providers against engagements, paid to the
// providers at settlement, and whatever is left unredeemed is released when it expires.
type Voucher struct {
	ID            int64        `json:"id"`
	Code          string       `json:"code"`
	ProgrammeID   int64        `json:"programme_id"`
	ProgrammeName Name         `json:"programme_name"`
	Owner         string       `json:"owner_region"`
	EnterpriseID  int64        `json:"enterprise_id"`
	FaceFen       money.Fen    `json:"face_fen"`
	RedeemedFen   money.Fen    `json:"redeemed_fen"`
	BalanceFen    money.Fen    `json:"balance_fen"`
	ValidFrom     workday.Date `json:"valid_from"`
	ValidUntil    workday.Date `json:"valid_until"`
	Categories    []string     `json:"categories"`
	ProviderIDs   []int64      `json:"provider_ids"`
	State         string       `json:"state"`
	Redemptions   []Redemption `json:"redemptions"`
	Version       int          `json:"version"`
	CreatedAt     time.Time    `json:"created_at"`
}

// Redemption is part of a voucher spent with a provider against an engagement's invoice.
type Redemption struct {
	ID           int64         `json:"id"`
	VoucherID    int64         `json:"voucher_id"`
	ProviderID   int64         `json:"provider_id"`
	EngagementID int64         `json:"engagement_id"`
	InvoiceID    int64         `json:"invoice_id"`
	AmountFen    money.Fen     `json:"amount_fen"`
	RedeemedOn   workday.Date  `json:"redeemed_on"`
	SettleDueOn  workday.Date  `json:"settle_due_on"`
	State        string        `json:"state"`
	SettledOn    *workday.Date `json:"settled_on,omitempty"`
	// SettleDays is the working days from redemption to settlement (so far, while pending).
	SettleDays int `json:"settle_working_days"`
}

// VoucherInput issues a voucher.
type VoucherInput struct {
	ProgrammeID  int64     `json:"programme_id"`
	EnterpriseID int64     `json:"enterprise_id"`
	FaceFen      money.Fen `json:"face_fen"`
	ValidFrom    string    `json:"valid_from"`
	ValidUntil   string    `json:"valid_until"`
	Categories   []string  `json:"categories"`   // redeemable categories; empty: the programme's
	ProviderIDs  []int64   `json:"provider_ids"` // redeemable providers; empty: any eligible provider
}

// IssueVoucher issues a voucher to an eligible enterprise and commits its face value.
func (s *Service) IssueVoucher(ctx context.Context, in VoucherInput) (Voucher, error) {
	var v apperr.Validator
	v.Check(in.ProgrammeID > 0, "programme_id", "error.required")
	v.Check(in.EnterpriseID > 0, "enterprise_id", "error.required")
	if in.FaceFen <= 0 {
		v.Add("face_fen", "subsidy.amount.positive")
	}
	amount(&v, "face_fen", in.FaceFen)
	from, err1 := workday.ParseDate(strings.TrimSpace(in.ValidFrom))
	until, err2 := workday.ParseDate(strings.TrimSpace(in.ValidUntil))
	v.Check(err1 == nil, "valid_from", "subsidy.date.format")
	v.Check(err2 == nil, "valid_until", "subsidy.date.format")
	if err1 == nil && err2 == nil && until.Before(from) {
		v.Add("valid_until", "subsidy.date.before_start")
	}
	v.Check(len(in.Categories) <= maxList, "categories", "subsidy.list.too_long", "Max", maxList)
	v.Check(len(in.ProviderIDs) <= maxList, "provider_ids", "subsidy.list.too_long", "Max", maxList)
	if err := v.Err(); err != nil {
		return Voucher{}, err
	}
	p, err := s.Programme(ctx, in.ProgrammeID)
	if errors.Is(err, apperr.ErrNotFound) || err == nil && p.Kind != KindVoucher {
		return Voucher{}, apperr.Invalid(apperr.F("programme_id", "subsidy.programme.not_voucher"))
	}
	if err != nil {
		return Voucher{}, err
	}
	if err := s.mayOwn(ctx, p.Owner); err != nil {
		return Voucher{}, err
	}
	names, err := s.names(ctx)
	if err != nil {
		return Voucher{}, err
	}
	for _, c := range in.Categories {
		if _, ok := names.Categories[c]; !ok || len(p.Rules.Categories) > 0 && !slices.Contains(p.Rules.Categories, c) {
			return Voucher{}, apperr.Invalid(apperr.F("categories", "subsidy.code.unknown", "Code", c))
		}
	}
	for _, id := range in.ProviderIDs {
		if _, err := s.Directory.Provider(ctx, id); err != nil {
			if errors.Is(err, apperr.ErrNotFound) {
				return Voucher{}, apperr.Invalid(apperr.F("provider_ids", "subsidy.provider.unknown"))
			}
			return Voucher{}, err
		}
	}
	ef, err := s.Directory.Enterprise(ctx, in.EnterpriseID)
	if errors.Is(err, apperr.ErrNotFound) {
		return Voucher{}, apperr.Invalid(apperr.F("enterprise_id", "subsidy.enterprise.unknown"))
	}
	if err != nil {
		return Voucher{}, err
	}
	for _, l := range enterpriseChecks(p.Rules, ef, names) {
		if l.Verdict == Fail {
			return Voucher{}, apperr.Invalid(apperr.Field{Name: "enterprise_id", Key: l.Key, Args: l.Args})
		}
	}
	if p.CapApplicationFen > 0 && in.FaceFen > p.CapApplicationFen {
		return Voucher{}, apperr.Invalid(apperr.F("face_fen", "subsidy.voucher.above_cap", "Cap", p.CapApplicationFen.String()))
	}
	if ctx, err = s.preload(ctx, in.EnterpriseID); err != nil {
		return Voucher{}, err
	}
	var id int64
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		p, err := s.programme(ctx, tx, p.ID, true)
		if err != nil {
			return err
		}
		if p.CapEnterpriseYearFen > 0 {
			var held money.Fen
			if err := tx.QueryRow(ctx, `SELECT CAST(COALESCE(SUM(face_fen), 0) AS BIGINT) FROM subsidy_voucher
				WHERE programme_id = $1 AND enterprise_id = $2 AND state = 'active'`, p.ID, in.EnterpriseID).Scan(&held); err != nil {
				return err
			}
			if held+in.FaceFen > p.CapEnterpriseYearFen {
				return apperr.Invalid(apperr.F("face_fen", "subsidy.voucher.above_annual", "Remaining", max(p.CapEnterpriseYearFen-held, 0).String()))
			}
		}
		b, err := balances(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if in.FaceFen > b.RemainingFen {
			return apperr.New(apperr.KindConflict, "subsidy.budget.exhausted", "Remaining", max(b.RemainingFen, 0).String(), "Amount", in.FaceFen.String())
		}
		var seq int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM subsidy_voucher WHERE programme_id = $1`, p.ID).Scan(&seq); err != nil {
			return err
		}
		code := fmt.Sprintf("%s-V%06d", p.Code, seq+1)
		cats, _ := json.Marshal(nonNil(in.Categories))
		provs, _ := json.Marshal(nonNil(in.ProviderIDs))
		now := s.Now().UTC()
		if err := tx.QueryRow(ctx, `INSERT INTO subsidy_voucher (code, programme_id, enterprise_id, face_fen, valid_from, valid_until,
			categories, providers, state, version, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,1,$10,$10) RETURNING id`,
			code, p.ID, in.EnterpriseID, in.FaceFen, from.String(), until.String(), string(cats), string(provs), VoucherActive, now).Scan(&id); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, "subsidy.voucher.issue", "subsidy_voucher", id, map[string]any{"code": code, "programme": p.ID,
			"enterprise": in.EnterpriseID, "face_fen": int64(in.FaceFen), "valid_until": until.String()}); err != nil {
			return err
		}
		if _, err := s.appendEntry(ctx, tx, Entry{ProgrammeID: p.ID, Kind: EntryCommit, AmountFen: in.FaceFen, VoucherID: id, Note: code}); err != nil {
			return err
		}
		if _, err := jobs.Enqueue(ctx, tx, ExpireKind, expirePayload{Voucher: id}, expiryTime(until), "voucher-"+itoa(id)); err != nil {
			return err
		}
		return s.notify(ctx, tx, in.EnterpriseID, "subsidy.notify.subject.voucher", "subsidy.notify.voucher",
			map[string]any{"Code": code, "Amount": in.FaceFen.String(), "Until": until.String()}, "/subsidy/vouchers/"+itoa(id))
	})
	if err != nil {
		return Voucher{}, err
	}
	return s.Voucher(ctx, id)
}

const voucherSelect = `SELECT v.id, v.code, v.programme_id, p.name_zh, p.name_en, p.owner_region, v.enterprise_id, v.face_fen,
	v.valid_from, v.valid_until, v.categories, v.providers, v.state, v.version, v.created_at,
	CAST(COALESCE((SELECT SUM(r.amount_fen) FROM subsidy_redemption r WHERE r.voucher_id = v.id), 0) AS BIGINT)
	FROM subsidy_voucher v JOIN subsidy_programme p ON p.id = v.programme_id`

func scanVoucher(row interface{ Scan(...any) error }) (Voucher, error) {
	var v Voucher
	var from, until, cats, provs string
	err := row.Scan(&v.ID, &v.Code, &v.ProgrammeID, &v.ProgrammeName.Zh, &v.ProgrammeName.En, &v.Owner, &v.EnterpriseID, &v.FaceFen,
		&from, &until, &cats, &provs, &v.State, &v.Version, &v.CreatedAt, &v.RedeemedFen)
	if err != nil {
		return v, err
	}
	v.ValidFrom, _ = workday.ParseDate(from)
	v.ValidUntil, _ = workday.ParseDate(until)
	_ = json.Unmarshal([]byte(cats), &v.Categories)
	_ = json.Unmarshal([]byte(provs), &v.ProviderIDs)
	v.BalanceFen = v.FaceFen - v.RedeemedFen
	if v.State != VoucherActive {
		v.BalanceFen = 0
	}
	return v, nil
}

func (s *Service) voucher(ctx context.Context, q db.Querier, where string, arg any) (Voucher, error) {
	v, err := scanVoucher(q.QueryRow(ctx, voucherSelect+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return v, apperr.NotFound("voucher")
	}
	return v, err
}

// mayUseVoucher: the holder enterprise, staff, and providers (who redeem it: the code is what the
// enterprise hands them).
func maySeeVoucher(ctx context.Context, v Voucher) error {
	p := auth.From(ctx)
	if p == nil || p.Staff() || p.CanActForEnterprise(v.EnterpriseID) || p.Role.Scope() == auth.ScopeProvider {
		return nil
	}
	return apperr.ErrForbidden
}

// Voucher returns a voucher with its redemptions.
func (s *Service) Voucher(ctx context.Context, id int64) (Voucher, error) {
	v, err := s.voucher(ctx, s.DB, ` WHERE v.id = $1`, id)
	if err != nil {
		return v, err
	}
	return v, s.withRedemptions(ctx, &v)
}

// VoucherByCode finds a voucher by the code its holder hands a provider.
func (s *Service) VoucherByCode(ctx context.Context, code string) (Voucher, error) {
	v, err := s.voucher(ctx, s.DB, ` WHERE v.code = $1`, strings.ToUpper(strings.TrimSpace(code)))
	if err != nil {
		return v, err
	}
	return v, s.withRedemptions(ctx, &v)
}

func (s *Service) withRedemptions(ctx context.Context, v *Voucher) error {
	if err := maySeeVoucher(ctx, *v); err != nil {
		return err
	}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return err
	}
	rows, err := s.DB.Query(ctx, `SELECT id, voucher_id, provider_id, engagement_id, invoice_id, amount_fen, redeemed_on, settle_due_on,
		state, settled_on FROM subsidy_redemption WHERE voucher_id = $1 ORDER BY id`, v.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	v.Redemptions = []Redemption{}
	for rows.Next() {
		r, err := scanRedemption(rows, cal, s.today())
		if err != nil {
			return err
		}
		v.Redemptions = append(v.Redemptions, r)
	}
	return rows.Err()
}

func scanRedemption(row interface{ Scan(...any) error }, cal *workday.Calendar, today workday.Date) (Redemption, error) {
	var r Redemption
	var on, due string
	var settled sql.NullString
	if err := row.Scan(&r.ID, &r.VoucherID, &r.ProviderID, &r.EngagementID, &r.InvoiceID, &r.AmountFen, &on, &due, &r.State, &settled); err != nil {
		return r, err
	}
	r.RedeemedOn, _ = workday.ParseDate(on)
	r.SettleDueOn, _ = workday.ParseDate(due)
	end := today
	if settled.Valid {
		d, _ := workday.ParseDate(settled.String)
		r.SettledOn, end = &d, d
	}
	r.SettleDays, _ = cal.WorkdaysBetween(r.RedeemedOn, end)
	return r, nil
}

// VoucherFilter selects vouchers.
type VoucherFilter struct {
	ProgrammeID   int64
	EnterpriseID  int64
	State         string
	Limit, Offset int
}

// ListVouchers lists vouchers: an enterprise its own, providers those they redeemed, point staff
// their region's programmes', coordinators all.
func (s *Service) ListVouchers(ctx context.Context, f VoucherFilter) ([]Voucher, int, error) {
	if f.State != "" && f.State != VoucherActive && f.State != VoucherExpired {
		return nil, 0, apperr.Invalid(apperr.F("state", "error.bad_choice"))
	}
	where, args := []string{"1=1"}, []any{}
	arg := func(x any) string { args = append(args, x); return fmt.Sprintf("$%d", len(args)) }
	p := auth.From(ctx)
	switch {
	case p == nil || p.CityWide():
	case p.Role.Scope() == auth.ScopeEnterprise:
		f.EnterpriseID = p.EnterpriseID
	case p.Role.Scope() == auth.ScopeProvider:
		where = append(where, "v.id IN (SELECT voucher_id FROM subsidy_redemption WHERE provider_id = "+arg(p.ProviderID)+")")
	case p.Staff():
		region, err := s.pointRegion(ctx, p)
		if err != nil {
			return nil, 0, err
		}
		where = append(where, "p.owner_region = "+arg(region))
	}
	if f.EnterpriseID != 0 {
		where = append(where, "v.enterprise_id = "+arg(f.EnterpriseID))
	}
	if f.ProgrammeID != 0 {
		where = append(where, "v.programme_id = "+arg(f.ProgrammeID))
	}
	if f.State != "" {
		where = append(where, "v.state = "+arg(f.State))
	}
	cond := " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM subsidy_voucher v JOIN subsidy_programme p ON p.id = v.programme_id`+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.DB.Query(ctx, voucherSelect+cond+` ORDER BY v.id DESC LIMIT `+arg(f.Limit)+` OFFSET `+arg(f.Offset), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Voucher{}
	for rows.Next() {
		v, err := scanVoucher(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, v)
	}
	return out, total, rows.Err()
}

// RedemptionInput spends part of a voucher on an engagement's invoice.
type RedemptionInput struct {
	EngagementID   int64     `json:"engagement_id"`
	InvoiceID      int64     `json:"invoice_id"`
	AmountFen      money.Fen `json:"amount_fen"`
	IdempotencyKey string    `json:"idempotency_key"`
}

// Redeem records a provider's redemption of part (or all) of a voucher against its engagement with
// the holder. It counts as public support on the invoice, within the stacking ceiling. The settlement
// clock starts: the provider is to be paid within the programme's settlement days.
func (s *Service) Redeem(ctx context.Context, voucherID int64, in RedemptionInput) (Redemption, error) {
	in.IdempotencyKey = strings.TrimSpace(in.IdempotencyKey)
	var val apperr.Validator
	val.Check(in.EngagementID > 0, "engagement_id", "error.required")
	val.Check(in.InvoiceID > 0, "invoice_id", "error.required")
	if in.AmountFen <= 0 {
		val.Add("amount_fen", "subsidy.amount.positive")
	}
	amount(&val, "amount_fen", in.AmountFen)
	val.Check(len(in.IdempotencyKey) <= maxKey, "idempotency_key", "error.too_long", "Max", maxKey)
	if err := val.Err(); err != nil {
		return Redemption{}, err
	}
	v, err := s.voucher(ctx, s.DB, ` WHERE v.id = $1`, voucherID)
	if err != nil {
		return Redemption{}, err
	}
	inv, err := s.invoice(ctx, in.InvoiceID)
	if err != nil {
		return Redemption{}, err
	}
	if pr := auth.From(ctx); pr != nil && !pr.CanActForProvider(inv.ProviderID) {
		return Redemption{}, apperr.ErrForbidden
	}
	if inv.EngagementID != in.EngagementID {
		return Redemption{}, apperr.Invalid(apperr.F("invoice_id", "subsidy.invoice.other_engagement"))
	}
	if inv.EnterpriseID != v.EnterpriseID {
		return Redemption{}, apperr.Invalid(apperr.F("engagement_id", "subsidy.voucher.other_enterprise"))
	}
	p, err := s.Programme(ctx, v.ProgrammeID)
	if err != nil {
		return Redemption{}, err
	}
	names, err := s.names(ctx)
	if err != nil {
		return Redemption{}, err
	}
	claim, err := s.facts(ctx, &inv, 0)
	if err != nil {
		return Redemption{}, err
	}
	if len(v.Categories) > 0 && !slices.Contains(v.Categories, inv.Category) {
		return Redemption{}, apperr.Invalid(apperr.F("invoice_id", "subsidy.voucher.category", "Category", lookup(names.Categories, inv.Category)))
	}
	if len(v.ProviderIDs) > 0 && !slices.Contains(v.ProviderIDs, inv.ProviderID) {
		return Redemption{}, apperr.Invalid(apperr.F("invoice_id", "subsidy.voucher.provider"))
	}
	for _, l := range serviceChecks(p.Rules, claim, names) {
		if l.Verdict == Fail {
			return Redemption{}, apperr.Invalid(apperr.Field{Name: "invoice_id", Key: l.Key, Args: l.Args})
		}
	}
	today := s.today()
	if ctx, err = s.preload(ctx, 0); err != nil {
		return Redemption{}, err
	}
	var rid int64
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		p, err := s.programme(ctx, tx, p.ID, true)
		if err != nil {
			return err
		}
		if in.IdempotencyKey != "" {
			var prior, priorVoucher int64
			err := tx.QueryRow(ctx, `SELECT id, voucher_id FROM subsidy_redemption WHERE idempotency_key = $1`, in.IdempotencyKey).Scan(&prior, &priorVoucher)
			if err == nil {
				if priorVoucher != voucherID {
					return apperr.Invalid(apperr.F("idempotency_key", "subsidy.key.reused"))
				}
				rid = prior
				return nil
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		cur, err := s.voucher(ctx, tx, ` WHERE v.id = $1`, voucherID)
		if err != nil {
			return err
		}
		switch {
		case cur.State != VoucherActive || today.After(cur.ValidUntil):
			return apperr.Invalid(apperr.F("amount_fen", "subsidy.voucher.expired", "Until", cur.ValidUntil.String()))
		case today.Before(cur.ValidFrom):
			return apperr.Invalid(apperr.F("amount_fen", "subsidy.voucher.not_yet", "From", cur.ValidFrom.String()))
		case in.AmountFen > cur.BalanceFen:
			return apperr.Invalid(apperr.F("amount_fen", "subsidy.voucher.balance", "Balance", cur.BalanceFen.String()))
		case in.AmountFen > inv.AmountFen:
			return apperr.Invalid(apperr.F("amount_fen", "subsidy.voucher.above_invoice", "Invoice", inv.AmountFen.String()))
		}
		if err := s.lockInvoice(ctx, tx, inv.ID); err != nil {
			return err
		}
		// Stacking: the voucher's programme counts like any other on this invoice, including its own
		// earlier redemptions.
		others, err := invoiceSupport(ctx, tx, inv.ID, 0, 0)
		if err != nil {
			return err
		}
		ceiling, used := p.CeilingBP, money.Fen(0)
		for _, o := range others {
			if o.ProgrammeID != p.ID && (!o.Combinable || !p.Combinable) {
				return apperr.Invalid(apperr.F("invoice_id", "subsidy.line.no_combine_other", "Other", o.Name))
			}
			ceiling = min(ceiling, o.CeilingBP)
			used += o.AmountFen
		}
		maxFen, err := money.ApplyRate(inv.AmountFen, ceiling)
		if err != nil {
			return err
		}
		if used+in.AmountFen > maxFen {
			return apperr.Invalid(apperr.F("amount_fen", "subsidy.invoice.claimed", "Max", maxFen.String(), "Used", used.String()))
		}
		due, err := s.addWorkdays(ctx, today, p.SettleDays)
		if err != nil {
			return err
		}
		now := s.Now().UTC()
		err = tx.QueryRow(ctx, `INSERT INTO subsidy_redemption (voucher_id, provider_id, engagement_id, invoice_id, amount_fen, redeemed_on,
			settle_due_on, state, idempotency_key, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$10) RETURNING id`,
			voucherID, inv.ProviderID, inv.EngagementID, inv.ID, in.AmountFen, today.String(), due.String(), RedemptionPending,
			nullText(in.IdempotencyKey), now).Scan(&rid)
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, "subsidy.voucher.redeem", "subsidy_redemption", rid, map[string]any{"voucher": voucherID,
			"provider": inv.ProviderID, "engagement": inv.EngagementID, "invoice": inv.ID, "amount_fen": int64(in.AmountFen)})
	})
	if err != nil {
		return Redemption{}, err
	}
	return s.redemption(ctx, rid)
}

func (s *Service) redemption(ctx context.Context, id int64) (Redemption, error) {
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return Redemption{}, err
	}
	r, err := scanRedemption(s.DB.QueryRow(ctx, `SELECT id, voucher_id, provider_id, engagement_id, invoice_id, amount_fen, redeemed_on,
		settle_due_on, state, settled_on FROM subsidy_redemption WHERE id = $1`, id), cal, s.today())
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.NotFound(fmt.Sprintf("redemption %d", id))
	}
	return r, err
}

// Settle pays a provider for a redemption: a payment in the ledger (at most once per redemption) and
// the settlement date, from which the report counts working days.
func (s *Service) Settle(ctx context.Context, redemptionID int64, note string) (Redemption, error) {
	r, err := s.redemption(ctx, redemptionID)
	if err != nil {
		return r, err
	}
	v, err := s.voucher(ctx, s.DB, ` WHERE v.id = $1`, r.VoucherID)
	if err != nil {
		return r, err
	}
	if err := s.mayOwn(ctx, v.Owner); err != nil {
		return r, err
	}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.programme(ctx, tx, v.ProgrammeID, true); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE subsidy_redemption SET state = $1, settled_on = $2, settled_at = $3, updated_at = $3
			WHERE id = $4 AND state = $5`, RedemptionSettled, s.today().String(), s.Now().UTC(), redemptionID, RedemptionPending)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.KindConflict, "subsidy.redemption.settled")
		}
		_, err = s.appendEntry(ctx, tx, Entry{ProgrammeID: v.ProgrammeID, Kind: EntryPay, AmountFen: r.AmountFen, VoucherID: v.ID,
			RedemptionID: redemptionID, Note: strings.TrimSpace(note)})
		if db.IsUniqueViolation(err) {
			return apperr.New(apperr.KindConflict, "subsidy.redemption.settled")
		}
		return err
	})
	if err != nil {
		return r, err
	}
	return s.redemption(ctx, redemptionID)
}

// ExpireVouchers expires every active voucher whose validity ended before today and releases its
// unredeemed balance back to the programme's budget. Each voucher's own expiry job does this when it
// falls due; this sweep catches up on any a job could not reach (for instance after downtime). It is
// idempotent.
func (s *Service) ExpireVouchers(ctx context.Context) (int, error) {
	today := s.today()
	rows, err := s.DB.Query(ctx, `SELECT id FROM subsidy_voucher WHERE state = 'active' AND valid_until < $1 ORDER BY id`, today.String())
	if err != nil {
		return 0, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		err := s.DB.InTx(ctx, func(tx *db.Tx) error {
			done, err := s.expire(ctx, tx, id)
			if done {
				n++
			}
			return err
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// ExpireKind is the job that expires one voucher the day after its validity ends.
const ExpireKind = "subsidy.voucher_expire"

// Register gives a job runner subsidy's handlers.
func (s *Service) Register(r *jobs.Runner) { r.RegisterTx(ExpireKind, s.expireJob) }

type expirePayload struct {
	Voucher int64 `json:"voucher"`
}

// expireJob expires its voucher in the job's own transaction, so the release happens exactly once.
func (s *Service) expireJob(ctx context.Context, tx *db.Tx, job jobs.Job) error {
	var p expirePayload
	if err := job.Decode(&p); err != nil || p.Voucher <= 0 {
		return jobs.Permanent(fmt.Errorf("voucher expiry payload: %v", err))
	}
	v, err := s.voucher(ctx, tx, ` WHERE v.id = $1`, p.Voucher)
	if errors.Is(err, apperr.ErrNotFound) {
		return jobs.Permanent(err)
	}
	if err != nil {
		return err
	}
	if v.State == VoucherActive && !s.today().After(v.ValidUntil) {
		return fmt.Errorf("voucher %s is valid until %s; expiry retried later", v.Code, v.ValidUntil)
	}
	_, err = s.expire(ctx, tx, p.Voucher)
	return err
}

// expiryTime is when a voucher's expiry job runs: the first minute after its last valid day.
func expiryTime(until workday.Date) time.Time { return until.AddDays(1).At(0, 1, shanghai) }

// expire expires one voucher in tx if it is active and past its validity, releasing its balance.
func (s *Service) expire(ctx context.Context, tx *db.Tx, id int64) (bool, error) {
	v, err := s.voucher(ctx, tx, ` WHERE v.id = $1`, id)
	if err != nil {
		return false, err
	}
	if v.State != VoucherActive || !s.today().After(v.ValidUntil) {
		return false, nil
	}
	if _, err := s.programme(ctx, tx, v.ProgrammeID, true); err != nil {
		return false, err
	}
	res, err := tx.Exec(ctx, `UPDATE subsidy_voucher SET state = $1, expired_at = $2, version = version + 1, updated_at = $2
		WHERE id = $3 AND state = $4`, VoucherExpired, s.Now().UTC(), id, VoucherActive)
	if err != nil {
		return false, err
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return false, nil
	}
	if err := s.audit(ctx, tx, "subsidy.voucher.expire", "subsidy_voucher", id, map[string]any{"released_fen": int64(v.BalanceFen)}); err != nil {
		return false, err
	}
	if v.BalanceFen <= 0 {
		return true, nil
	}
	_, err = s.appendEntry(ctx, tx, Entry{ProgrammeID: v.ProgrammeID, Kind: EntryRelease, AmountFen: v.BalanceFen, VoucherID: id,
		Note: v.Code + " expired"})
	return true, err
}

// SettlementReport is how fast providers were paid for redemptions, in working days.
type SettlementReport struct {
	TargetDays   int `json:"target_working_days"`
	Settled      int `json:"settled"`
	WithinTarget int `json:"settled_within_target"`
	MedianDays   int `json:"median_working_days"`
	MaxDays      int `json:"max_working_days"`
	Pending      int `json:"pending"`
	Overdue      int `json:"pending_overdue"`
}

// Settlement reports a programme's actual settlement times.
func (s *Service) Settlement(ctx context.Context, programmeID int64) (SettlementReport, error) {
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return SettlementReport{}, err
	}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return SettlementReport{}, err
	}
	rep := SettlementReport{TargetDays: p.SettleDays}
	rows, err := s.DB.Query(ctx, `SELECT r.id, r.voucher_id, r.provider_id, r.engagement_id, r.invoice_id, r.amount_fen, r.redeemed_on,
		r.settle_due_on, r.state, r.settled_on FROM subsidy_redemption r JOIN subsidy_voucher v ON v.id = r.voucher_id
		WHERE v.programme_id = $1`, programmeID)
	if err != nil {
		return rep, err
	}
	defer rows.Close()
	var days []int
	today := s.today()
	for rows.Next() {
		r, err := scanRedemption(rows, cal, today)
		if err != nil {
			return rep, err
		}
		if r.State == RedemptionSettled {
			days = append(days, r.SettleDays)
			if r.SettleDays <= p.SettleDays {
				rep.WithinTarget++
			}
			continue
		}
		rep.Pending++
		if today.After(r.SettleDueOn) {
			rep.Overdue++
		}
	}
	if err := rows.Err(); err != nil {
		return rep, err
	}
	rep.Settled = len(days)
	if len(days) > 0 {
		slices.Sort(days)
		rep.MedianDays, rep.MaxDays = days[(len(days)-1)/2], days[len(days)-1]
	}
	return rep, nil
}
