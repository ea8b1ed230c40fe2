package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/workday"
)

// Referral statuses.
const (
	ReferralOffered   = "offered"
	ReferralAccepted  = "accepted"
	ReferralDeclined  = "declined"
	ReferralExpired   = "expired"
	ReferralWithdrawn = "withdrawn"
)

// Limits on referrals: a handful of providers at once, a dozen live on one request.
const (
	maxReferAtOnce     = 5
	maxLiveReferrals   = 12
	maxReferralsListed = 100
)

// Brief is what a provider sees of a request it was referred to: the need, not the people.
type Brief struct {
	Ref         string      `json:"ref"`
	Topic       string      `json:"topic"`
	Countries   []string    `json:"countries"`
	Title       string      `json:"title"`
	Description string      `json:"description"`
	Urgency     string      `json:"urgency"`
	NeededBy    string      `json:"needed_by,omitempty"`
	Enterprise  *Enterprise `json:"enterprise,omitempty"`
	Point       PointRef    `json:"point"`
}

// Referral is a request referred to a provider, who accepts or declines it by a deadline.
type Referral struct {
	ID            int64      `json:"id"`
	Ref           string     `json:"ref"`
	Provider      Provider   `json:"provider"`
	Status        string     `json:"status"`
	Source        string     `json:"source"` // staff or enterprise
	MatchRank     int        `json:"match_rank,omitempty"`
	Note          string     `json:"note,omitempty"`
	RespondBy     time.Time  `json:"respond_by"`
	RespondedAt   *time.Time `json:"responded_at,omitempty"`
	DeclineReason string     `json:"decline_reason,omitempty"`
	EngagementID  int64      `json:"engagement_id,omitempty"`
	Version       int        `json:"version"`
	CreatedAt     time.Time  `json:"created_at"`
	Request       *Brief     `json:"request,omitempty"` // in a provider's list

	requestID int64
}

// NewReferral refers a request to providers. MatchRanks, when given, are the providers' ranks in
// directory.Match (one per provider), kept to show why they were picked.
type NewReferral struct {
	ProviderIDs []int64 `json:"provider_ids"`
	MatchRanks  []int   `json:"match_ranks,omitempty"`
	Note        string  `json:"note,omitempty"`
}

const referralColumns = `f.id, r.ref, f.request_id, f.provider_id, f.status, f.source, f.match_rank, f.note, f.respond_by, f.responded_at,
	f.decline_reason, f.version, f.created_at, (SELECT e.id FROM casework_engagement e WHERE e.referral_id = f.id)`

func scanReferral(row interface{ Scan(...any) error }) (Referral, error) {
	var f Referral
	var rank, eng *int64
	err := row.Scan(&f.ID, &f.Ref, &f.requestID, &f.Provider.ID, &f.Status, &f.Source, &rank, &f.Note, &f.RespondBy, &f.RespondedAt,
		&f.DeclineReason, &f.Version, &f.CreatedAt, &eng)
	if rank != nil {
		f.MatchRank = int(*rank)
	}
	if eng != nil {
		f.EngagementID = *eng
	}
	f.RespondBy, f.CreatedAt = f.RespondBy.UTC(), f.CreatedAt.UTC()
	if f.RespondedAt != nil {
		*f.RespondedAt = f.RespondedAt.UTC()
	}
	return f, err
}

// Refer refers the request ref to providers. Staff of the serving point, coordinators and the
// enterprise's own users may; the request must be an enterprise's and still open. Each provider must
// be able to take work and not already hold a live referral on the request. Each referral gets a
// deadline, ReferralDays working days of the serving point, after which it expires.
func (s *Store) Refer(ctx context.Context, ref string, in NewReferral) ([]Referral, error) {
	p := auth.From(ctx)
	var v apperr.Validator
	checkText(&v, "note", &in.Note, maxNote, false)
	switch {
	case len(in.ProviderIDs) == 0:
		v.Add("provider_ids", "error.required")
	case len(in.ProviderIDs) > maxReferAtOnce:
		v.Add("provider_ids", "casework.referral.too_many", "Max", maxReferAtOnce)
	}
	v.Check(len(in.MatchRanks) == 0 || len(in.MatchRanks) == len(in.ProviderIDs), "match_ranks", "casework.referral.ranks")
	for i, id := range in.ProviderIDs {
		if id <= 0 || slices.Contains(in.ProviderIDs[:i], id) {
			v.Add("provider_ids", "casework.referral.provider_ids")
			break
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	providers, err := s.directory.Providers(ctx, in.ProviderIDs)
	if err != nil {
		return nil, err
	}
	for _, id := range in.ProviderIDs {
		if pr, ok := providers[id]; !ok {
			v.Add("provider_ids", "casework.referral.provider_unknown", "ID", id)
		} else if !pr.Referable {
			v.Add("provider_ids", "casework.referral.provider_unavailable", "Name", pr.NameZh)
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	ix, err := s.pointIndex(ctx)
	if err != nil {
		return nil, err
	}
	cals, err := s.workday.Calendars(ctx)
	if err != nil {
		return nil, err
	}
	tell := map[int64][]int64{}
	if s.recipients != nil {
		for _, pid := range in.ProviderIDs {
			if tell[pid], err = s.recipients.ProviderUsers(ctx, pid); err != nil {
				return nil, err
			}
		}
	}
	var ids []int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.load(ctx, tx, ref)
		if err != nil {
			return err
		}
		source := "staff"
		switch {
		case p.Staff() && p.CanActForPoint(r.pointID):
		case r.enterpriseID != 0 && p.Role.Scope() == auth.ScopeEnterprise && p.EnterpriseID == r.enterpriseID:
			source = "enterprise"
		default:
			return apperr.ErrForbidden
		}
		if r.enterpriseID == 0 {
			return apperr.New(apperr.KindConflict, "casework.referral.visitor")
		}
		if !IsOpen(r.State) {
			return apperr.New(apperr.KindConflict, "casework.referral.closed")
		}
		var live int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM casework_referral WHERE request_id = $1 AND status IN ('offered', 'accepted')`,
			r.ID).Scan(&live); err != nil {
			return err
		}
		if live+len(in.ProviderIDs) > maxLiveReferrals {
			return apperr.Invalid(apperr.F("provider_ids", "casework.referral.too_many_live", "Max", maxLiveReferrals))
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		sch, loc := schedule(cals, ix.byID[r.pointID])
		day, _ := sch.Calendar.AddWorkdays(workday.DateOf(now.In(loc)), s.cfg.ReferralDays)
		respondBy := day.At(0, int(sch.Hours.End), loc).UTC()
		var names []string
		for i, pid := range in.ProviderIDs {
			var rank any
			if len(in.MatchRanks) > 0 && in.MatchRanks[i] > 0 {
				rank = in.MatchRanks[i]
			}
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO casework_referral (request_id, provider_id, status, source, match_rank, note, respond_by,
				created_by, version, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,1,$9,$9) RETURNING id`,
				r.ID, pid, ReferralOffered, source, rank, in.Note, respondBy, p.UserID, now).Scan(&id)
			if db.IsUniqueViolation(err) {
				return apperr.Invalid(apperr.F("provider_ids", "casework.referral.already", "Name", providers[pid].NameZh))
			}
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO casework_timer (request_id, clock, stage, round, subject_id, due_at, created_at, updated_at)
				VALUES ($1,'referral','expiry',1,$2,$3,$4,$4)`, r.ID, id, respondBy, now); err != nil {
				return err
			}
			if err := armSweep(ctx, tx, respondBy); err != nil {
				return err
			}
			ids = append(ids, id)
			names = append(names, providers[pid].NameZh)
			if err := s.notify(ctx, tx, tell[pid], Notice{Topic: TopicReferral, Key: "casework.notice.referral.subject",
				BodyKey: "casework.notice.referral.body", Data: noticeData(r, "RespondBy", respondBy.In(shanghai).Format("2006-01-02 15:04")),
				Link: fmt.Sprintf("/console/referrals/%d", id)}); err != nil {
				return err
			}
			if err := s.record(ctx, tx, "casework.referral.create", "casework_referral", fmt.Sprint(id), map[string]any{
				"ref": r.Ref, "provider_id": pid, "source": source, "respond_by": respondBy}); err != nil {
				return err
			}
		}
		return s.addEvent(ctx, tx, r.ID, event{kind: "referred", pointID: r.pointID, public: true, body: in.Note,
			detail: map[string]any{"providers": strings.Join(names, "、"), "respond_by": respondBy}}, now)
	})
	if err != nil {
		return nil, err
	}
	return s.referralsWhere(ctx, `f.id IN `+placeholders(len(ids)), toAny(ids)...)
}

func placeholders(n int) string {
	marks := make([]string, n)
	for i := range marks {
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	return "(" + strings.Join(marks, ",") + ")"
}

func toAny(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// referralsWhere loads referrals with their providers' names.
func (s *Store) referralsWhere(ctx context.Context, cond string, args ...any) ([]Referral, error) {
	rows, err := s.db.Query(ctx, `SELECT `+referralColumns+` FROM casework_referral f JOIN casework_request r ON r.id = f.request_id
		WHERE `+cond+` ORDER BY f.id`, args...)
	if err != nil {
		return nil, err
	}
	out := []Referral{}
	for rows.Next() {
		f, err := scanReferral(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.nameProviders(ctx, out)
}

func (s *Store) nameProviders(ctx context.Context, fs []Referral) error {
	if len(fs) == 0 {
		return nil
	}
	var ids []int64
	for _, f := range fs {
		if !slices.Contains(ids, f.Provider.ID) {
			ids = append(ids, f.Provider.ID)
		}
	}
	providers, err := s.directory.Providers(ctx, ids)
	if err != nil {
		return err
	}
	for i := range fs {
		if pr, ok := providers[fs[i].Provider.ID]; ok {
			fs[i].Provider = pr
		}
	}
	return nil
}

// Referrals lists the referrals of a request the caller may see.
func (s *Store) Referrals(ctx context.Context, ref string) ([]Referral, error) {
	r, err := s.load(ctx, s.db, ref)
	if err != nil {
		return nil, err
	}
	return s.referralsWhere(ctx, `f.request_id = $1`, r.ID)
}

// ProviderReferrals lists a provider's referrals, newest first, with what each request needs (its
// own users and coordinators).
func (s *Store) ProviderReferrals(ctx context.Context, providerID int64, status string, limit, offset int) ([]Referral, int, error) {
	if !auth.From(ctx).CanActForProvider(providerID) {
		return nil, 0, apperr.ErrForbidden
	}
	cond, args := `f.provider_id = $1`, []any{providerID}
	if status != "" {
		if !slices.Contains([]string{ReferralOffered, ReferralAccepted, ReferralDeclined, ReferralExpired, ReferralWithdrawn}, status) {
			return nil, 0, apperr.Invalid(apperr.F("status", "error.bad_choice"))
		}
		cond, args = cond+` AND f.status = $2`, append(args, status)
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM casework_referral f WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if limit <= 0 || limit > maxReferralsListed {
		limit = 20
	}
	n := len(args)
	fs, err := s.referralsWhere(ctx, cond+fmt.Sprintf(` AND f.id IN (SELECT id FROM casework_referral f WHERE %s ORDER BY id DESC LIMIT $%d OFFSET $%d)`,
		cond, n+1, n+2), append(args, limit, max(offset, 0))...)
	if err != nil {
		return nil, 0, err
	}
	slices.Reverse(fs)
	if err := s.brief(ctx, fs); err != nil {
		return nil, 0, err
	}
	return fs, total, nil
}

// brief attaches to each referral what its provider may know of the request.
func (s *Store) brief(ctx context.Context, fs []Referral) error {
	if len(fs) == 0 {
		return nil
	}
	ix, err := s.pointIndex(ctx)
	if err != nil {
		return err
	}
	for i := range fs {
		r, err := requestWhere(ctx, s.db, `r.id = $1`, fs[i].requestID)
		if err != nil {
			return err
		}
		rs := []Request{r}
		if err := s.decorate(ctx, ix, rs); err != nil {
			return err
		}
		r = rs[0]
		fs[i].Request = &Brief{Ref: r.Ref, Topic: r.Topic, Countries: r.Countries, Title: r.Title, Description: r.Description,
			Urgency: r.Urgency, NeededBy: r.NeededBy, Enterprise: r.Enterprise, Point: r.Point}
	}
	return nil
}

// Referral returns one referral to its provider, to staff and to the enterprise who may see the
// request.
func (s *Store) Referral(ctx context.Context, id int64) (Referral, error) {
	fs, err := s.referralsWhere(ctx, `f.id = $1`, id)
	if err != nil {
		return Referral{}, err
	}
	if len(fs) == 0 {
		return Referral{}, apperr.NotFound(fmt.Sprintf("referral %d", id))
	}
	f := fs[0]
	p := auth.From(ctx)
	if p.CanActForProvider(f.Provider.ID) {
		return f, s.brief(ctx, fs[:1])
	}
	if _, err := s.load(ctx, s.db, f.Ref); err != nil {
		return Referral{}, err
	}
	return f, nil
}

// RespondReferral is the provider's answer: accept, or decline with a reason, before the deadline,
// provided the caller saw version.
func (s *Store) RespondReferral(ctx context.Context, id int64, version int, accept bool, reason string) (Referral, error) {
	p := auth.From(ctx)
	var v apperr.Validator
	checkText(&v, "reason", &reason, maxReason, !accept)
	v.Check(version > 0, "version", "casework.version.required")
	if err := v.Err(); err != nil {
		return Referral{}, err
	}
	// What the answer's notice needs is read first (see CreateRequest); the transaction re-reads
	// the referral and decides on what it finds.
	pre, err := s.referralsWhere(ctx, `f.id = $1`, id)
	if err != nil {
		return Referral{}, err
	}
	if len(pre) == 0 {
		return Referral{}, apperr.NotFound(fmt.Sprintf("referral %d", id))
	}
	preReq, err := requestWhere(ctx, s.db, `r.id = $1`, pre[0].requestID)
	if err != nil {
		return Referral{}, err
	}
	users, err := s.staffToTell(ctx, preReq)
	if err != nil {
		return Referral{}, err
	}
	provider := pre[0].Provider
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		f, err := scanReferral(tx.QueryRow(ctx, `SELECT `+referralColumns+` FROM casework_referral f JOIN casework_request r ON r.id = f.request_id
			WHERE f.id = $1`, id))
		if isNoRows(err) {
			return apperr.NotFound(fmt.Sprintf("referral %d", id))
		}
		if err != nil {
			return err
		}
		if !p.CanActForProvider(f.Provider.ID) || p.CityWide() {
			// The provider's own decision: nobody answers for it.
			return apperr.ErrForbidden
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		switch {
		case f.Status != ReferralOffered:
			return apperr.New(apperr.KindConflict, "casework.referral.answered", "Status", f.Status)
		case now.After(f.RespondBy):
			return apperr.New(apperr.KindConflict, "casework.referral.deadline")
		case f.Version != version:
			return apperr.ErrConflict
		}
		status, kind := ReferralAccepted, "referral_accepted"
		if !accept {
			status, kind = ReferralDeclined, "referral_declined"
		}
		res, err := tx.Exec(ctx, `UPDATE casework_referral SET status = $1, responded_at = $2, responded_by = $3, decline_reason = $4,
			version = version + 1, updated_at = $2 WHERE id = $5 AND version = $6`, status, now, p.UserID, reason, id, version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return apperr.ErrConflict
		}
		if _, err := tx.Exec(ctx, `DELETE FROM casework_timer WHERE clock = 'referral' AND subject_id = $1 AND fired_at IS NULL`, id); err != nil {
			return err
		}
		if err := s.addEvent(ctx, tx, f.requestID, event{kind: kind, public: true, body: reason,
			detail: map[string]any{"provider": provider.NameZh, "referral_id": id}}, now); err != nil {
			return err
		}
		if err := s.notify(ctx, tx, users, Notice{Topic: TopicReferral, Key: "casework.notice.referral_" + status + ".subject",
			BodyKey: "casework.notice.referral_" + status + ".body", Data: noticeData(preReq, "Provider", provider.NameZh, "Reason", reason),
			Link: requestLink(preReq)}); err != nil {
			return err
		}
		return s.record(ctx, tx, "casework.referral."+status, "casework_referral", fmt.Sprint(id), map[string]any{"ref": f.Ref, "reason": reason})
	})
	if err != nil {
		return Referral{}, err
	}
	return s.Referral(ctx, id)
}
