package casework

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/idempotency"
	"chuhai/internal/workday"
)

// NewRequest is a request as submitted. Enterprise users submit for their own enterprise online;
// staff take requests in at their point through any channel, for an enterprise or for a visitor;
// anonymous visitors ask online for basic information and leave contact details.
type NewRequest struct {
	Channel      string   `json:"channel,omitempty"`
	EnterpriseID int64    `json:"enterprise_id,omitempty"`
	Contact      *Contact `json:"contact,omitempty"`
	Topic        string   `json:"topic"`
	Countries    []string `json:"countries,omitempty"`
	Abroad       bool     `json:"abroad,omitempty"`
	Title        string   `json:"title"`
	Description  string   `json:"description"`
	Urgency      string   `json:"urgency,omitempty"`
	NeededBy     string   `json:"needed_by,omitempty"`
	// IntakePoint is the code of the point that took the request in; coordinators may name one,
	// point staff always take requests in at their own point.
	IntakePoint string `json:"intake_point,omitempty"`
	// Attachments are files sent with the request; each is checked before anything is written.
	Attachments []Upload `json:"attachments,omitempty"`
}

// neededByHorizon bounds how far ahead a "needed by" date may be.
const neededByHorizon = 3 * 366

// prepared is a validated NewRequest with what validation looked up.
type prepared struct {
	NewRequest
	enterprise *Enterprise
	intake     int64
	createdBy  any
	files      []checked
}

func (s *Store) prepareRequest(ctx context.Context, in NewRequest, ix *pointIndex) (prepared, error) {
	p := auth.From(ctx)
	pr := prepared{NewRequest: in}
	var v apperr.Validator
	pr.Channel = strings.TrimSpace(pr.Channel)
	switch {
	case p == nil:
		// A visitor without an account: online, basic information, contact details required.
		if pr.Channel == "" {
			pr.Channel = ChannelOnline
		}
		v.Check(pr.Channel == ChannelOnline, "channel", "casework.channel.online_only")
		v.Check(pr.EnterpriseID == 0, "enterprise_id", "casework.enterprise.visitor")
		v.Check(pr.IntakePoint == "", "intake_point", "casework.intake.staff_only")
	case p.Role.Scope() == auth.ScopeEnterprise:
		if pr.Channel == "" {
			pr.Channel = ChannelOnline
		}
		v.Check(pr.Channel == ChannelOnline, "channel", "casework.channel.online_only")
		if pr.EnterpriseID != 0 && pr.EnterpriseID != p.EnterpriseID {
			return pr, apperr.ErrForbidden
		}
		pr.EnterpriseID = p.EnterpriseID
		v.Check(pr.IntakePoint == "", "intake_point", "casework.intake.staff_only")
		pr.createdBy = p.UserID
	case p.Staff():
		v.Check(pr.Channel != "", "channel", "error.required")
		v.Check(pr.Channel == "" || slices.Contains(Channels, pr.Channel), "channel", "error.bad_choice")
		pr.createdBy = p.UserID
		code := strings.ToUpper(strings.TrimSpace(pr.IntakePoint))
		switch {
		case !p.CityWide():
			if code != "" && (ix.byCode[code].ID != p.PointID) {
				return pr, apperr.ErrForbidden
			}
			pr.intake = p.PointID
		case code != "":
			pt, ok := ix.byCode[code]
			v.Check(ok && pt.Active, "intake_point", "casework.point.unknown")
			pr.intake = pt.ID
		}
	default:
		return pr, apperr.ErrForbidden
	}

	topics, _, err := s.topics(ctx)
	if err != nil {
		return pr, err
	}
	pr.Topic = strings.ToLower(strings.TrimSpace(pr.Topic))
	if pr.Topic == "" {
		v.Add("topic", "error.required")
	} else if _, ok := topics[pr.Topic]; !ok {
		v.Add("topic", "casework.topic.unknown", "Code", clip(pr.Topic, 40))
	}
	pr.Countries = normCountries(pr.Countries)
	if len(pr.Countries) > maxCountries {
		v.Add("countries", "casework.countries.too_many", "Max", maxCountries)
	} else {
		for _, c := range pr.Countries {
			ok := countryPattern.MatchString(c)
			if ok {
				if ok, err = s.network.IsCountry(ctx, c); err != nil {
					return pr, err
				}
			}
			if !ok {
				v.Add("countries", "casework.countries.unknown", "Code", clip(c, 10))
				break
			}
		}
	}
	v.Check(!pr.Abroad || len(pr.Countries) > 0, "countries", "casework.countries.abroad")
	checkText(&v, "title", &pr.Title, maxTitle, true)
	checkText(&v, "description", &pr.Description, maxDescription, true)
	pr.Urgency = strings.TrimSpace(pr.Urgency)
	if pr.Urgency == "" {
		pr.Urgency = UrgencyNormal
	}
	v.Check(slices.Contains(Urgencies, pr.Urgency), "urgency", "error.bad_choice")
	if d := parseDay(&v, "needed_by", pr.NeededBy); !d.IsZero() {
		t := today(s.now())
		switch {
		case d.Before(t):
			v.Add("needed_by", "casework.date.past")
		case d.After(t.AddDays(neededByHorizon)):
			v.Add("needed_by", "casework.date.too_far", "Years", 3)
		}
		pr.NeededBy = d.String()
	}

	if pr.EnterpriseID != 0 {
		e, err := s.directory.Enterprise(ctx, pr.EnterpriseID)
		switch {
		case errors.Is(err, apperr.ErrNotFound):
			v.Add("enterprise_id", "casework.enterprise.unknown")
		case err != nil:
			return pr, err
		default:
			pr.enterprise = &e
		}
		if pr.Contact != nil {
			c := *pr.Contact
			checkText(&v, "contact.name", &c.Name, maxName, false)
			checkPhone(&v, "contact.phone", &c.Phone)
			checkEmail(&v, "contact.email", &c.Email)
			pr.Contact = &c
		}
	} else {
		c := Contact{}
		if pr.Contact != nil {
			c = *pr.Contact
		}
		checkText(&v, "contact.name", &c.Name, maxName, true)
		checkPhone(&v, "contact.phone", &c.Phone)
		checkEmail(&v, "contact.email", &c.Email)
		checkText(&v, "contact.organisation", &c.Organisation, maxOrg, false)
		v.Check(c.Phone != "" || c.Email != "", "contact.phone", "casework.contact.reachable")
		pr.Contact = &c
	}
	if err := v.Err(); err != nil {
		return pr, err
	}
	pr.files, err = checkUploads(pr.Attachments, 0)
	return pr, err
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// CreateRequest takes a request in: validates it, routes it by the rules, numbers it for the point
// that takes it, starts its SLA clocks on that point's working time, flags a possible duplicate, and
// records all of it on the timeline and in the audit log, in one transaction. A creation retried
// with the same Idempotency-Key returns the request the first attempt created.
func (s *Store) CreateRequest(ctx context.Context, in NewRequest) (Request, error) {
	clientKey := idempotency.Key(ctx)
	if clientKey != "" {
		if r, err := requestWhere(ctx, s.db, `r.client_key = $1`, clientKey); err == nil {
			return s.finish(ctx, r)
		} else if !errors.Is(err, apperr.ErrNotFound) {
			return Request{}, err
		}
	}
	ix, err := s.pointIndex(ctx)
	if err != nil {
		return Request{}, err
	}
	pr, err := s.prepareRequest(ctx, in, ix)
	if err != nil {
		return Request{}, err
	}
	rules, err := s.rules(ctx, s.db)
	if err != nil {
		return Request{}, err
	}
	cals, err := s.workday.Calendars(ctx)
	if err != nil {
		return Request{}, err
	}
	policies, err := s.policies(ctx)
	if err != nil {
		return Request{}, err
	}
	rin := RouteInput{Topic: pr.Topic, Channel: pr.Channel, Countries: pr.Countries, Abroad: pr.Abroad, IntakePointID: pr.intake}
	if pr.enterprise != nil {
		rin.HomeDistrict = pr.enterprise.HomeDistrict
	}

	// Routing and the recipients of the notice are read before the transaction: loads need not be
	// exact to the request, and on PostgreSQL a transaction must not wait for a second pooled
	// connection (a busy pool would deadlock).
	dec, ok, err := route(rin, rules, ix.all, func(ids []int64) (map[int64]int, error) { return openLoads(ctx, s.db, ids) })
	if err != nil {
		return Request{}, err
	}
	if !ok {
		return Request{}, apperr.New(apperr.KindConflict, "casework.route.none")
	}
	pt := dec.Point
	staff, err := s.pointUsers(ctx, pt.ID, auth.PointStaff, auth.PointLead)
	if err != nil {
		return Request{}, err
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC().Truncate(time.Microsecond)
		sch, loc := schedule(cals, pt)
		year := now.In(loc).Year()
		var seq int64
		if err := tx.QueryRow(ctx, `INSERT INTO casework_sequence (point_id, year, last_value, created_at, updated_at) VALUES ($1,$2,1,$3,$3)
			ON CONFLICT (point_id, year) DO UPDATE SET last_value = casework_sequence.last_value + 1, updated_at = excluded.updated_at
			RETURNING last_value`, pt.ID, year, now).Scan(&seq); err != nil {
			return fmt.Errorf("reference number: %w", err)
		}
		ref := fmt.Sprintf("%s-%d-%06d", pt.Code, year, seq)
		pol := policies.For(pr.Topic, pr.Urgency)
		resp := planClock(sch, loc, now, pol.ResponseAmount, pol.ResponseUnit)
		reso := planClock(sch, loc, now, pol.ResolutionAmount, pol.ResolutionUnit)

		var dupID any
		var dupRef string
		if pr.enterprise != nil {
			states, args := textList(3, OpenStates)
			var did int64
			err := tx.QueryRow(ctx, `SELECT id, ref FROM casework_request WHERE enterprise_id = $1 AND topic_code = $2 AND submitted_at >= $3
				AND merged_into_id IS NULL AND state IN `+states+` ORDER BY submitted_at, id LIMIT 1`,
				append([]any{pr.enterprise.ID, pr.Topic, now.AddDate(0, 0, -s.cfg.DuplicateWindowDays)}, args...)...).Scan(&did, &dupRef)
			if err == nil {
				dupID = did
			} else if !isNoRows(err) {
				return err
			}
		}
		detail, _ := json.Marshal(dec.Detail)
		c := pr.Contact
		if c == nil {
			c = &Contact{}
		}
		var ent, home, intake, key, needed any
		if pr.enterprise != nil {
			ent, home = pr.enterprise.ID, pr.enterprise.HomeDistrict
		}
		if pr.intake != 0 {
			intake = pr.intake
		}
		if clientKey != "" {
			key = clientKey
		}
		if pr.NeededBy != "" {
			needed = pr.NeededBy
		}
		var rule any
		if dec.Rule.ID != 0 {
			rule = dec.Rule.ID
		}
		err = tx.QueryRow(ctx, `INSERT INTO casework_request (ref, channel, enterprise_id, contact_name, contact_phone, contact_email,
			contact_org, topic_code, countries, abroad, title, description, urgency, needed_by, state, home_district, intake_point_id,
			point_id, route_rule_id, route_kind, route_detail, duplicate_of_id, response_warn_at, response_due_at, resolution_warn_at,
			resolution_due_at, sla_due_at, sla_warn_at, sla_provisional, client_key, created_by, submitted_at, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$24,$23,$27,$28,$29,$30,$30,$30)
			RETURNING id`,
			ref, pr.Channel, ent, c.Name, c.Phone, c.Email, c.Organisation, pr.Topic, strings.Join(pr.Countries, " "), pr.Abroad,
			pr.Title, pr.Description, pr.Urgency, needed, StateSubmitted, home, intake, pt.ID, rule, dec.Rule.Kind, string(detail),
			dupID, resp.WarnAt, resp.DueAt, reso.WarnAt, reso.DueAt, resp.Provisional || reso.Provisional, key, pr.createdBy, now).Scan(&id)
		if err != nil {
			if db.IsUniqueViolation(err) && clientKey != "" {
				return errRetried
			}
			return fmt.Errorf("insert request: %w", err)
		}
		if err := setServing(ctx, tx, id, pt.ID, RoleServing, now); err != nil {
			return err
		}
		if _, err := s.storeAttachments(ctx, tx, id, pr.files, now); err != nil {
			return err
		}
		if err := s.addEvent(ctx, tx, id, event{kind: "submitted", to: StateSubmitted, pointID: pt.ID, public: true,
			detail: map[string]any{"channel": pr.Channel, "rule_id": dec.Rule.ID, "rule": dec.Rule.Kind, "point": pt.Code, "attachments": len(pr.files)}}, now); err != nil {
			return err
		}
		if dupID != nil {
			if err := s.addEvent(ctx, tx, id, event{kind: "duplicate_flagged", pointID: pt.ID,
				detail: map[string]any{"of": dupRef, "window_days": s.cfg.DuplicateWindowDays}}, now); err != nil {
				return err
			}
		}
		if err := s.addClockTimers(ctx, tx, id, "response", 1, resp, now); err != nil {
			return err
		}
		if err := s.addClockTimers(ctx, tx, id, "resolution", 1, reso, now); err != nil {
			return err
		}
		notice := Notice{Topic: TopicRequestNew, Key: "casework.notice.new.subject", BodyKey: "casework.notice.new.body",
			Data: noticeData(Request{Ref: ref, Title: pr.Title}, "Point", pt.NameZh), Link: requestLink(Request{Ref: ref})}
		if err := s.notify(ctx, tx, staff, notice); err != nil {
			return err
		}
		if err := s.publish(ctx, tx, pt.ID, notice); err != nil {
			return err
		}
		return s.record(ctx, tx, "casework.request.create", "casework_request", ref, map[string]any{
			"point": pt.Code, "rule_id": dec.Rule.ID, "rule": dec.Rule.Kind, "topic": pr.Topic, "channel": pr.Channel,
			"enterprise_id": pr.EnterpriseID, "duplicate_of": dupRef})
	})
	if errors.Is(err, errRetried) {
		// Another attempt with the same key committed first.
		r, err := requestWhere(ctx, s.db, `r.client_key = $1`, clientKey)
		if err != nil {
			return Request{}, err
		}
		return s.finish(ctx, r)
	}
	if err != nil {
		return Request{}, err
	}
	r, err := requestWhere(ctx, s.db, `r.id = $1`, id)
	if err != nil {
		return Request{}, err
	}
	return s.finishWith(ctx, ix, r)
}

var errRetried = errors.New("casework: request already created under this key")

func (s *Store) finish(ctx context.Context, r Request) (Request, error) {
	ix, err := s.pointIndex(ctx)
	if err != nil {
		return Request{}, err
	}
	return s.finishWith(ctx, ix, r)
}

func (s *Store) finishWith(ctx context.Context, ix *pointIndex, r Request) (Request, error) {
	rs := []Request{r}
	if err := s.decorate(ctx, ix, rs); err != nil {
		return Request{}, err
	}
	return rs[0], nil
}

// addClockTimers schedules a clock's warning, breach and escalation.
func (s *Store) addClockTimers(ctx context.Context, tx *db.Tx, requestID int64, clock string, round int, c Clock, now time.Time) error {
	for _, st := range []struct {
		stage string
		at    time.Time
	}{{"warning", c.WarnAt}, {"breach", c.DueAt}, {"escalation", c.EscalateAt}} {
		if _, err := tx.Exec(ctx, `INSERT INTO casework_timer (request_id, clock, stage, round, subject_id, due_at, created_at, updated_at)
			VALUES ($1,$2,$3,$4,0,$5,$6,$6)`, requestID, clock, st.stage, round, st.at, now); err != nil {
			return fmt.Errorf("timer: %w", err)
		}
		if err := armSweep(ctx, tx, st.at); err != nil {
			return err
		}
	}
	return nil
}

// stopClock deletes a clock's timers that have not fired.
func stopClock(ctx context.Context, tx *db.Tx, requestID int64, clock string) error {
	_, err := tx.Exec(ctx, `DELETE FROM casework_timer WHERE request_id = $1 AND clock = $2 AND fired_at IS NULL`, requestID, clock)
	return err
}

// mayView reports whether p may see request r: the enterprise's own users, staff of the point
// serving it, of points that served or collaborate on it or are invited to, and coordinators.
func (s *Store) mayView(ctx context.Context, q db.Querier, p *auth.Principal, r Request) (bool, error) {
	switch {
	case p == nil:
		return false, nil
	case p.CityWide():
		return true, nil
	case p.Role.Scope() == auth.ScopeEnterprise:
		return r.enterpriseID != 0 && p.EnterpriseID == r.enterpriseID, nil
	case p.Role.Scope() == auth.ScopePoint:
		if p.PointID == r.pointID {
			return true, nil
		}
		var n int
		err := q.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM casework_request_point WHERE request_id = $1 AND point_id = $2)
			+ (SELECT COUNT(*) FROM casework_invitation WHERE request_id = $1 AND to_point_id = $2 AND status = 'pending')`,
			r.ID, p.PointID).Scan(&n)
		return n > 0, err
	}
	return false, nil
}

// Get returns the request with reference ref, if the caller may see it.
func (s *Store) Get(ctx context.Context, ref string) (Request, error) {
	r, err := s.load(ctx, s.db, ref)
	if err != nil {
		return Request{}, err
	}
	return s.finish(ctx, r)
}

// load reads a request the caller may see, without names.
func (s *Store) load(ctx context.Context, q db.Querier, ref string) (Request, error) {
	ref = strings.ToUpper(strings.TrimSpace(ref))
	if !ValidRef(ref) {
		return Request{}, apperr.NotFound("request " + clip(ref, 40))
	}
	r, err := requestWhere(ctx, q, `r.ref = $1`, ref)
	if err != nil {
		return Request{}, err
	}
	ok, err := s.mayView(ctx, q, auth.From(ctx), r)
	if err != nil {
		return Request{}, err
	}
	if !ok {
		return Request{}, apperr.ErrForbidden
	}
	return r, nil
}

// Filter narrows List.
type Filter struct {
	Point        string // a point's code; point staff see their own point's queue
	State        string // a state, "open" (the default) or "all"
	Topic        string
	Urgency      string
	Assignee     string // "me", "none" or a user id
	SLA          string // on_track, warning, breached
	Q            string // part of the reference or title
	EnterpriseID int64
	Sort         string // "due" (earliest deadline first) or "new"; by default open requests come by deadline, other lists newest first
	Limit        int
	Offset       int
}

// List returns one page of the requests the caller may list and how many match in all. Enterprise
// users list their own enterprise's requests; point staff their point's queue; coordinators any.
func (s *Store) List(ctx context.Context, f Filter) ([]Request, int, error) {
	p := auth.From(ctx)
	if p == nil || !(p.Staff() || p.Role.Scope() == auth.ScopeEnterprise) {
		return nil, 0, apperr.ErrForbidden
	}
	ix, err := s.pointIndex(ctx)
	if err != nil {
		return nil, 0, err
	}
	var v apperr.Validator
	var where []string
	var args []any
	arg := func(a any) string { args = append(args, a); return fmt.Sprintf("$%d", len(args)) }
	f.Point = strings.ToUpper(strings.TrimSpace(f.Point))
	if f.Point != "" {
		pt, ok := ix.byCode[f.Point]
		if !ok {
			v.Add("point", "casework.point.unknown")
		} else {
			if p.Role.Scope() == auth.ScopePoint && pt.ID != p.PointID {
				return nil, 0, apperr.ErrForbidden
			}
			where = append(where, "r.point_id = "+arg(pt.ID))
		}
	}
	switch p.Role.Scope() {
	case auth.ScopeEnterprise:
		where = append(where, "r.enterprise_id = "+arg(p.EnterpriseID))
	case auth.ScopePoint:
		if f.Point == "" {
			where = append(where, "r.point_id = "+arg(p.PointID))
		}
	}
	switch st := strings.TrimSpace(f.State); {
	case st == "" || st == "open":
		in, more := textList(len(args), OpenStates)
		args = append(args, more...)
		where = append(where, "r.state IN "+in)
	case st == "all":
	case slices.Contains(States, st):
		where = append(where, "r.state = "+arg(st))
	default:
		v.Add("state", "error.bad_choice")
	}
	if t := strings.TrimSpace(f.Topic); t != "" {
		topics, _, err := s.topics(ctx)
		if err != nil {
			return nil, 0, err
		}
		if _, ok := topics[t]; !ok {
			v.Add("topic", "casework.topic.unknown", "Code", clip(t, 40))
		}
		where = append(where, "r.topic_code = "+arg(t))
	}
	if u := strings.TrimSpace(f.Urgency); u != "" {
		v.Check(slices.Contains(Urgencies, u), "urgency", "error.bad_choice")
		where = append(where, "r.urgency = "+arg(u))
	}
	switch a := strings.TrimSpace(f.Assignee); a {
	case "":
	case "me":
		where = append(where, "r.assignee_id = "+arg(p.UserID))
	case "none":
		where = append(where, "r.assignee_id IS NULL")
	default:
		var id int64
		if _, err := fmt.Sscan(a, &id); err != nil || id <= 0 || fmt.Sprint(id) != a {
			v.Add("assignee", "error.bad_id")
		}
		where = append(where, "r.assignee_id = "+arg(id))
	}
	now := s.now().UTC()
	switch f.SLA {
	case "":
	case SLABreached:
		where = append(where, "r.sla_due_at <= "+arg(now))
	case SLAWarning:
		n := arg(now)
		where = append(where, "r.sla_warn_at <= "+n+" AND r.sla_due_at > "+n)
	case SLAOnTrack:
		where = append(where, "r.sla_warn_at > "+arg(now))
	default:
		v.Add("sla", "error.bad_choice")
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		v.Check(len([]rune(q)) <= 100, "q", "error.too_long", "Max", 100)
		like := arg("%" + likeEscape(strings.ToLower(q)) + "%")
		where = append(where, "(LOWER(r.ref) LIKE "+like+` ESCAPE '\' OR LOWER(r.title) LIKE `+like+` ESCAPE '\')`)
	}
	if f.EnterpriseID != 0 {
		where = append(where, "r.enterprise_id = "+arg(f.EnterpriseID))
	}
	// Open requests all have a running clock: earliest deadline first, read from the queue index.
	// Lists that include finished requests default to newest first (the point's submission index),
	// since most of what they hold has no deadline any more.
	openOnly := f.State == "" || f.State == "open" || IsOpen(f.State)
	order := "r.submitted_at DESC, r.id DESC"
	switch f.Sort {
	case "":
		if openOnly {
			order = "r.sla_due_at, r.id"
		}
	case "due":
		order = "CASE WHEN r.sla_due_at IS NULL THEN 1 ELSE 0 END, r.sla_due_at, r.id"
		if openOnly {
			order = "r.sla_due_at, r.id"
		}
	case "new":
	default:
		v.Add("sort", "error.bad_choice")
	}
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	cond := "1 = 1"
	if len(where) > 0 {
		cond = strings.Join(where, " AND ")
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM casework_request r WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	// The page's ids first, from the indexes alone, then those rows: the sort reads index entries
	// instead of every matching row.
	rows, err := s.db.Query(ctx, `SELECT r.id FROM casework_request r WHERE `+cond+` ORDER BY `+order+
		` LIMIT `+arg(f.Limit)+` OFFSET `+arg(max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	out := make([]Request, 0, len(ids))
	if len(ids) == 0 {
		return out, total, nil
	}
	in, idArgs := idList(0, ids)
	rows, err = s.db.Query(ctx, `SELECT `+requestColumns+` FROM casework_request r WHERE r.id IN `+in, idArgs...)
	if err != nil {
		return nil, 0, err
	}
	byID := make(map[int64]Request, len(ids))
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		byID[r.ID] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			out = append(out, r)
		}
	}
	return out, total, s.decorate(ctx, ix, out)
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Timeline returns a request's events, oldest first: all of them for staff, the public ones for the
// enterprise.
func (s *Store) Timeline(ctx context.Context, ref string) ([]Event, error) {
	r, err := s.load(ctx, s.db, ref)
	if err != nil {
		return nil, err
	}
	ix, err := s.pointIndex(ctx)
	if err != nil {
		return nil, err
	}
	cond := ""
	if p := auth.From(ctx); p == nil || !p.Staff() {
		cond = " AND public = $2"
	}
	args := []any{r.ID}
	if cond != "" {
		args = append(args, true)
	}
	rows, err := s.db.Query(ctx, `SELECT id, kind, from_state, to_state, point_id, actor_name, public, body, detail, created_at
		FROM casework_event WHERE request_id = $1`+cond+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Event{}
	for rows.Next() {
		var e Event
		var point *int64
		var detail string
		if err := rows.Scan(&e.ID, &e.Kind, &e.FromState, &e.ToState, &point, &e.Actor, &e.Public, &e.Body, &detail, &e.At); err != nil {
			return nil, err
		}
		if point != nil {
			ref := ix.ref(*point)
			e.Point = &ref
		}
		if detail != "" && detail != "{}" {
			_ = json.Unmarshal([]byte(detail), &e.Detail)
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// Servings lists the points that have a part in a request.
func (s *Store) Servings(ctx context.Context, ref string) ([]Serving, error) {
	r, err := s.load(ctx, s.db, ref)
	if err != nil {
		return nil, err
	}
	ix, err := s.pointIndex(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT point_id, role FROM casework_request_point WHERE request_id = $1
		ORDER BY CASE role WHEN 'serving' THEN 0 WHEN 'served' THEN 1 ELSE 2 END, created_at`, r.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Serving{}
	for rows.Next() {
		var id int64
		var role string
		if err := rows.Scan(&id, &role); err != nil {
			return nil, err
		}
		out = append(out, Serving{Point: ix.ref(id), Role: role})
	}
	return out, rows.Err()
}

// DayOf formats a time as its date in the platform's zone.
func DayOf(t time.Time) workday.Date { return workday.DateOf(t.In(shanghai)) }
