package casework

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/workday"
)

// pointIndex is the network's points, looked up once per operation.
type pointIndex struct {
	byID   map[int64]Point
	byCode map[string]Point
	all    []Point
}

func (s *Store) pointIndex(ctx context.Context) (*pointIndex, error) {
	ps, err := s.network.Points(ctx)
	if err != nil {
		return nil, fmt.Errorf("service points: %w", err)
	}
	ix := &pointIndex{byID: make(map[int64]Point, len(ps)), byCode: make(map[string]Point, len(ps)), all: ps}
	for _, p := range ps {
		ix.byID[p.ID] = p
		ix.byCode[p.Code] = p
	}
	return ix, nil
}

func (ix *pointIndex) ref(id int64) PointRef {
	p, ok := ix.byID[id]
	if !ok {
		return PointRef{ID: id, Code: strconv.FormatInt(id, 10)}
	}
	return PointRef{ID: p.ID, Code: p.Code, NameZh: p.NameZh, NameEn: p.NameEn}
}

// hoursPattern finds the time spans in opening hours as people write them ("周一至周五 9:00–17:00",
// "Mon–Fri 9:00–12:00, 13:30–17:30").
var hoursPattern = regexp.MustCompile(`(\d{1,2}:\d{2})\s*[-–—~至到]\s*(\d{1,2}:\d{2})`)

// hoursFromText reads the working hours in a point's opening-hours text: one span, or two (the
// gap being lunch); anything else is left to the default hours.
func hoursFromText(s string) string {
	m := hoursPattern.FindAllStringSubmatch(s, 3)
	switch len(m) {
	case 1:
		return m[0][1] + "-" + m[0][2]
	case 2:
		return m[0][1] + "-" + m[0][2] + "," + m[1][1] + "-" + m[1][2]
	}
	return ""
}

// schedule is a point's working calendar, hours and zone. Hours that cannot be read fall back to the
// default hours.
func schedule(cals *workday.Calendars, p Point) (workday.Schedule, *time.Location) {
	sch, err := cals.Schedule(p.RegionCode, hoursFromText(p.OpeningHours))
	if err != nil {
		sch, _ = cals.Schedule(p.RegionCode, "")
	}
	loc, err := time.LoadLocation(p.TimeZone)
	if err != nil || p.TimeZone == "" {
		loc = shanghai
	}
	return sch, loc
}

// topics returns the known topics by code.
func (s *Store) topics(ctx context.Context) (map[string]Topic, []Topic, error) {
	ts, err := s.network.Topics(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("topics: %w", err)
	}
	m := make(map[string]Topic, len(ts))
	for _, t := range ts {
		m[t.Code] = t
	}
	return m, ts, nil
}

// Topics lists the topics a request may be about.
func (s *Store) Topics(ctx context.Context) ([]Topic, error) {
	_, ts, err := s.topics(ctx)
	return ts, err
}

// actor is who is acting, for events: the signed-in user, or the system.
func actor(ctx context.Context) (id any, name string) {
	if p := auth.From(ctx); p != nil {
		name := p.Name
		if name == "" {
			name = p.Login
		}
		return p.UserID, name
	}
	if m := audit.MetaFrom(ctx); m.ActorID != 0 {
		return m.ActorID, m.ActorLogin
	}
	return nil, ""
}

// event appends a line to a request's timeline.
type event struct {
	kind, from, to string
	pointID        int64
	public         bool
	body           string
	detail         map[string]any
}

func (s *Store) addEvent(ctx context.Context, tx *db.Tx, requestID int64, e event, now time.Time) error {
	detail := "{}"
	if len(e.detail) > 0 {
		b, err := json.Marshal(e.detail)
		if err != nil {
			return err
		}
		detail = string(b)
	}
	id, name := actor(ctx)
	var point any
	if e.pointID != 0 {
		point = e.pointID
	}
	_, err := tx.Exec(ctx, `INSERT INTO casework_event (request_id, kind, from_state, to_state, point_id, actor_id, actor_name, public,
		body, detail, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$11)`,
		requestID, e.kind, e.from, e.to, point, id, name, e.public, e.body, detail, now)
	if err != nil {
		return fmt.Errorf("timeline: %w", err)
	}
	return nil
}

func (s *Store) record(ctx context.Context, tx *db.Tx, action, objectType, objectID string, detail map[string]any) error {
	return s.audit.Record(ctx, tx, audit.Entry{Action: action, ObjectType: objectType, ObjectID: objectID, Detail: detail})
}

// setServing records point's part in a request; a point's part only ever grows in standing
// (collaborator → served → serving), except that the point serving now becomes "served" when the
// request leaves it (demote).
func setServing(ctx context.Context, tx *db.Tx, requestID, pointID int64, role string, now time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO casework_request_point (request_id, point_id, role, created_at, updated_at) VALUES ($1,$2,$3,$4,$4)
		ON CONFLICT (request_id, point_id) DO UPDATE SET role = excluded.role, updated_at = excluded.updated_at`,
		requestID, pointID, role, now)
	return err
}

const requestColumns = `r.id, r.ref, r.channel, r.enterprise_id, r.contact_name, r.contact_phone, r.contact_email, r.contact_org,
	r.topic_code, r.countries, r.abroad, r.title, r.description, r.urgency, r.needed_by, r.state, r.home_district, r.intake_point_id,
	r.point_id, r.route_rule_id, r.route_kind, r.route_detail, r.assignee_id, r.duplicate_of_id, r.merged_into_id,
	r.response_warn_at, r.response_due_at, r.responded_at, r.resolution_warn_at, r.resolution_due_at, r.resolved_at, r.closed_at,
	r.sla_due_at, r.sla_warn_at, r.sla_provisional, r.resolution, r.survey_score, r.survey_comment, r.surveyed_at, r.submitted_at,
	r.updated_at, r.version, r.created_by`

func scanRequest(row interface{ Scan(...any) error }) (Request, error) {
	var r Request
	var ent, intake, rule, assignee, dup, merged, score, createdBy *int64
	var neededBy, home *string
	var countries, routeDetail, comment string
	var surveyed *time.Time
	var c Contact
	err := row.Scan(&r.ID, &r.Ref, &r.Channel, &ent, &c.Name, &c.Phone, &c.Email, &c.Organisation,
		&r.Topic, &countries, &r.Abroad, &r.Title, &r.Description, &r.Urgency, &neededBy, &r.State, &home, &intake,
		&r.Point.ID, &rule, &r.Routing.Kind, &routeDetail, &assignee, &dup, &merged,
		&r.SLA.ResponseWarnAt, &r.SLA.ResponseDueAt, &r.SLA.RespondedAt, &r.SLA.ResolutionWarnAt, &r.SLA.ResolutionDueAt,
		&r.SLA.ResolvedAt, &r.ClosedAt, &r.slaDueAt, &r.slaWarnAt, &r.SLA.Provisional, &r.Resolution, &score, &comment, &surveyed,
		&r.SubmittedAt, &r.UpdatedAt, &r.Version, &createdBy)
	if err != nil {
		return r, err
	}
	deref := func(p *int64) int64 {
		if p == nil {
			return 0
		}
		return *p
	}
	r.enterpriseID, r.intakePointID, r.assigneeID = deref(ent), deref(intake), deref(assignee)
	r.duplicateOfID, r.mergedIntoID, r.Routing.RuleID = deref(dup), deref(merged), deref(rule)
	r.createdBy = deref(createdBy)
	r.pointID = r.Point.ID
	r.Countries = strings.Fields(countries)
	if neededBy != nil {
		r.NeededBy = *neededBy
	}
	if home != nil {
		r.HomeDistrict = *home
	}
	if r.enterpriseID == 0 {
		r.Contact = &c
	}
	_ = json.Unmarshal([]byte(routeDetail), &r.Routing.Detail)
	if score != nil && surveyed != nil {
		r.Survey = &Survey{Score: int(*score), Comment: comment, At: surveyed.UTC()}
	}
	for _, t := range []*time.Time{&r.SLA.ResponseWarnAt, &r.SLA.ResponseDueAt, &r.SLA.ResolutionWarnAt, &r.SLA.ResolutionDueAt, &r.SubmittedAt, &r.UpdatedAt} {
		*t = t.UTC()
	}
	for _, t := range []*time.Time{r.SLA.RespondedAt, r.SLA.ResolvedAt, r.ClosedAt, r.slaDueAt, r.slaWarnAt} {
		if t != nil {
			*t = t.UTC()
		}
	}
	return r, nil
}

// requestWhere loads one request by a condition, inside or outside a transaction.
func requestWhere(ctx context.Context, q db.Querier, cond string, args ...any) (Request, error) {
	r, err := scanRequest(q.QueryRow(ctx, `SELECT `+requestColumns+` FROM casework_request r WHERE `+cond, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.NotFound(fmt.Sprintf("request %v", args))
	}
	return r, err
}

// decorate fills in the names of points, enterprises, assignees and linked requests.
func (s *Store) decorate(ctx context.Context, ix *pointIndex, rs []Request) error {
	if len(rs) == 0 {
		return nil
	}
	var entIDs []int64
	links := map[int64]string{}
	for _, r := range rs {
		if r.enterpriseID != 0 {
			entIDs = append(entIDs, r.enterpriseID)
		}
		for _, id := range []int64{r.duplicateOfID, r.mergedIntoID} {
			if id != 0 {
				links[id] = ""
			}
		}
	}
	ents := map[int64]Enterprise{}
	if len(entIDs) > 0 {
		var err error
		if ents, err = s.directory.EnterpriseNames(ctx, entIDs); err != nil {
			return fmt.Errorf("enterprises: %w", err)
		}
	}
	if len(links) > 0 {
		ids := make([]int64, 0, len(links))
		for id := range links {
			ids = append(ids, id)
		}
		in, args := idList(0, ids)
		rows, err := s.db.Query(ctx, `SELECT id, ref FROM casework_request WHERE id IN `+in, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var ref string
			if err := rows.Scan(&id, &ref); err != nil {
				rows.Close()
				return err
			}
			links[id] = ref
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	names := s.people()
	now := s.now()
	for i := range rs {
		r := &rs[i]
		r.Point = ix.ref(r.pointID)
		if r.intakePointID != 0 {
			ref := ix.ref(r.intakePointID)
			r.IntakePoint = &ref
		}
		if r.enterpriseID != 0 {
			e, ok := ents[r.enterpriseID]
			if !ok {
				e = Enterprise{ID: r.enterpriseID}
			}
			r.Enterprise = &e
		}
		if r.assigneeID != 0 {
			p, err := names.get(ctx, r.assigneeID)
			if err != nil {
				return err
			}
			r.Assignee = &p
		}
		r.DuplicateOf, r.MergedInto = links[r.duplicateOfID], links[r.mergedIntoID]
		r.SLA.Status = slaStatus(*r, now)
	}
	return nil
}

// people looks users up once each.
type people struct {
	s    *Store
	seen map[int64]Person
}

func (s *Store) people() *people { return &people{s: s, seen: map[int64]Person{}} }

func (p *people) get(ctx context.Context, id int64) (Person, error) {
	if v, ok := p.seen[id]; ok {
		return v, nil
	}
	u, err := p.s.auth.UserByID(ctx, id)
	if errors.Is(err, apperr.ErrNotFound) {
		v := Person{ID: id, Name: "#" + strconv.FormatInt(id, 10)}
		p.seen[id] = v
		return v, nil
	}
	if err != nil {
		return Person{}, err
	}
	name := u.Name
	if name == "" {
		name = u.Login
	}
	v := Person{ID: id, Name: name}
	p.seen[id] = v
	return v, nil
}

// idList renders ids as a parenthesised list of placeholders numbered after n.
func idList(n int, ids []int64) (string, []any) {
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i] = "$" + strconv.Itoa(n+i+1)
		args[i] = id
	}
	return "(" + strings.Join(marks, ",") + ")", args
}

// textList renders strings as a parenthesised list of placeholders numbered after n.
func textList(n int, vals []string) (string, []any) {
	marks := make([]string, len(vals))
	args := make([]any, len(vals))
	for i, v := range vals {
		marks[i] = "$" + strconv.Itoa(n+i+1)
		args[i] = v
	}
	return "(" + strings.Join(marks, ",") + ")", args
}

// openLoads counts the open requests of each of the points.
func openLoads(ctx context.Context, q db.Querier, ids []int64) (map[int64]int, error) {
	in, args := idList(0, ids)
	states, more := textList(len(args), OpenStates)
	rows, err := q.Query(ctx, `SELECT point_id, COUNT(*) FROM casework_request WHERE point_id IN `+in+` AND state IN `+states+
		` GROUP BY point_id`, append(args, more...)...)
	if err != nil {
		return nil, fmt.Errorf("point loads: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// bumpVersion updates a request row if it is still at version, or reports a conflict.
func bumpVersion(ctx context.Context, tx *db.Tx, id int64, version int, set string, args ...any) error {
	n := len(args)
	res, err := tx.Exec(ctx, `UPDATE casework_request SET `+set+`, version = version + 1 WHERE id = $`+strconv.Itoa(n+1)+
		` AND version = $`+strconv.Itoa(n+2), append(args, id, version)...)
	if err != nil {
		return err
	}
	if k, err := res.RowsAffected(); err != nil {
		return err
	} else if k == 0 {
		return apperr.ErrConflict
	}
	return nil
}
