package casework

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// Generate writes n synthetic requests for benchmarks and load tests, spread evenly over the year
// before now across the active points and the given enterprises. Each request has lived the life
// CreateRequest and Transition would have given it up to now: triaged, assigned, started, resolved
// and closed at plausible intervals (so the recent ones are still open and the rest are done, a few
// of them rated), and it has what those calls write — its serving point, a timeline entry and an
// audit entry per step, and the six SLA timers of its two clocks, of which those that fell due while
// their clock ran have fired (with their timeline and audit entries), those of a stopped clock are
// gone, and those of a running clock are pending. Timers never fall due in the past unfired, so a
// sweep right after Generate finds nothing to do.
//
// It writes in large multi-row statements, not through CreateRequest: a million requests that way
// would take hours. It leaves out routing (every request is at a point by the home-district rule),
// assignees, notices and webhooks (the outbox belongs to notify, and nothing measured here reads
// it), and counts SLA clocks in wall-clock time rather than on the points' working calendars.
// Reference numbers continue each point's sequence, so requests created afterwards number on from
// them; a sweep is armed for the earliest pending timer.
func (s *Store) Generate(ctx context.Context, n int, enterpriseIDs []int64, seed uint64) error {
	ix, err := s.pointIndex(ctx)
	if err != nil {
		return err
	}
	var points []Point
	for _, p := range ix.all {
		if p.Active {
			points = append(points, p)
		}
	}
	if len(points) == 0 || len(enterpriseIDs) == 0 {
		return fmt.Errorf("generate: needs active points and enterprises")
	}
	homes := map[int64]string{}
	for _, id := range enterpriseIDs {
		e, err := s.directory.Enterprise(ctx, id)
		if err != nil {
			return err
		}
		homes[id] = e.HomeDistrict
	}
	_, topics, err := s.topics(ctx)
	if err != nil {
		return err
	}
	seq, err := s.sequences(ctx)
	if err != nil {
		return err
	}
	g := generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), now: s.now().UTC().Truncate(time.Second),
		points: points, ents: enterpriseIDs, homes: homes, topics: topics, seq: seq}
	const year = 365 * 24 * time.Hour
	step := year / time.Duration(max(n, 1))
	start := g.now.Add(-year)
	const perTx = 2000
	for first := 0; first < n; first += perTx {
		rs := make([]genRequest, min(perTx, n-first))
		for i := range rs {
			at := start.Add(time.Duration(first+i)*step + g.span(max(step, time.Microsecond)))
			rs[i] = g.request(at)
		}
		if err := s.db.InTx(ctx, func(tx *db.Tx) error { return s.insertGenerated(ctx, tx, rs) }); err != nil {
			return err
		}
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		for key, v := range seq {
			if _, err := tx.Exec(ctx, `INSERT INTO casework_sequence (point_id, year, last_value, created_at, updated_at) VALUES ($1,$2,$3,$4,$4)
				ON CONFLICT (point_id, year) DO UPDATE SET last_value = excluded.last_value, updated_at = excluded.updated_at`,
				key.point, key.year, v, g.now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.ArmNext(ctx)
}

type seqKey struct {
	point int64
	year  int
}

// sequences reads the last reference number of every point and year.
func (s *Store) sequences(ctx context.Context) (map[seqKey]int64, error) {
	seq := map[seqKey]int64{}
	rows, err := s.db.Query(ctx, `SELECT point_id, year, last_value FROM casework_sequence`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k seqKey
		var v int64
		if err := rows.Scan(&k.point, &k.year, &v); err != nil {
			return nil, err
		}
		seq[k] = v
	}
	return seq, rows.Err()
}

type generator struct {
	rng    *rand.Rand
	now    time.Time
	points []Point
	ents   []int64
	homes  map[int64]string
	topics []Topic
	seq    map[seqKey]int64
}

// genRequest is one generated request and what its life so far wrote.
type genRequest struct {
	ref, state, topic, urgency, channel, home, resolution string
	point, ent                                            int64
	version                                               int
	submitted, updated                                    time.Time
	respWarn, respDue, resoWarn, resoDue                  time.Time
	responded, resolved, closed, surveyed                 *time.Time
	slaDue, slaWarn                                       *time.Time
	score                                                 any
	events                                                []genEvent
	timers                                                []genTimer
}

type genEvent struct {
	kind, from, to string
	public         bool
	body           string
	at             time.Time
	detail         map[string]any
	action         string // its audit entry
	audit          map[string]any
}

type genTimer struct {
	clock, stage string
	due          time.Time
	fired        *time.Time
}

// Wall-clock stand-ins for the default SLA policy: respond within a day, resolve within two weeks,
// warn at 75%, escalate half a span after the deadline.
const (
	genResponse   = 24 * time.Hour
	genResolution = 14 * 24 * time.Hour
)

func (g *generator) span(max time.Duration) time.Duration {
	return time.Duration(g.rng.Int64N(int64(max)))
}

func (g *generator) request(at time.Time) genRequest {
	p := g.points[g.rng.IntN(len(g.points))]
	r := genRequest{point: p.ID, ent: g.ents[g.rng.IntN(len(g.ents))], submitted: at, updated: at, version: 1,
		topic: g.topics[g.rng.IntN(len(g.topics))].Code, urgency: Urgencies[min(g.rng.IntN(10)/7, 2)],
		channel: Channels[g.rng.IntN(len(Channels))]}
	r.home = g.homes[r.ent]
	y := at.In(shanghai).Year()
	k := seqKey{p.ID, y}
	g.seq[k]++
	r.ref = fmt.Sprintf("%s-%d-%06d", p.Code, y, g.seq[k])
	r.respDue, r.resoDue = at.Add(genResponse), at.Add(genResolution)
	r.respWarn, r.resoWarn = at.Add(genResponse*3/4), at.Add(genResolution*3/4)
	r.events = append(r.events, genEvent{kind: "submitted", to: StateSubmitted, public: true, at: at,
		detail: map[string]any{"channel": r.channel, "rule_id": 0, "rule": RuleHomeDistrict, "point": p.Code, "attachments": 0},
		action: "casework.request.create", audit: map[string]any{"point": p.Code, "rule_id": 0, "rule": RuleHomeDistrict,
			"topic": r.topic, "channel": r.channel, "enterprise_id": r.ent, "duplicate_of": ""}})

	// The life it will have had; the steps after now have not happened yet. Responses take up to 30
	// hours, so some breach the one-day clock.
	triage := at.Add(g.span(30 * time.Hour))
	assign := triage.Add(g.span(4 * time.Hour))
	begin := assign.Add(g.span(24 * time.Hour))
	resolve := begin.Add(g.span(12 * 24 * time.Hour))
	closing := resolve.Add(g.span(3 * 24 * time.Hour))
	state := StateSubmitted
	for _, st := range []struct {
		action, to string
		at         time.Time
	}{{ActionTriage, StateTriaged, triage}, {ActionAssign, StateAssigned, assign}, {ActionStart, StateInProgress, begin},
		{ActionResolve, StateResolved, resolve}, {ActionClose, StateClosed, closing}} {
		if st.at.After(g.now) {
			break
		}
		e := genEvent{kind: st.action, from: state, to: st.to, public: true, at: st.at, action: "casework.request." + st.action,
			audit: map[string]any{"from": state, "to": st.to, "version": r.version + 1}}
		switch st.to {
		case StateTriaged:
			r.responded = &triage
		case StateResolved:
			r.resolved, r.resolution = &resolve, "已答复企业（生成数据）。"
			e.body = r.resolution
			e.audit["reason"] = r.resolution
		case StateClosed:
			r.closed = &closing
		}
		r.events = append(r.events, e)
		state, r.version, r.updated = st.to, r.version+1, st.at
	}
	r.state = state
	switch {
	case r.responded == nil:
		r.slaDue, r.slaWarn = &r.respDue, &r.respWarn
	case r.resolved == nil:
		r.slaDue, r.slaWarn = &r.resoDue, &r.resoWarn
	}
	// A third of the closed online requests were rated.
	if r.closed != nil && r.channel == ChannelOnline && g.rng.IntN(3) == 0 {
		t := closing.Add(g.span(2 * 24 * time.Hour))
		if !t.After(g.now) {
			score := 3 + g.rng.IntN(3)
			r.score, r.surveyed = score, &t
			r.events = append(r.events, genEvent{kind: "survey", public: true, at: t, detail: map[string]any{"score": score},
				action: "casework.request.survey", audit: map[string]any{"score": score}})
		}
	}

	// The clocks' timers: fired if they fell due while their clock ran, gone if it stopped first,
	// pending if it still runs.
	for _, c := range []struct {
		clock     string
		warn, due time.Time
		span      time.Duration
		stop      *time.Time
	}{{"response", r.respWarn, r.respDue, genResponse, r.responded}, {"resolution", r.resoWarn, r.resoDue, genResolution, r.resolved}} {
		for _, st := range []struct {
			stage string
			at    time.Time
		}{{"warning", c.warn}, {"breach", c.due}, {"escalation", c.due.Add(c.span / 2)}} {
			if c.stop != nil && !st.at.Before(*c.stop) {
				continue
			}
			t := genTimer{clock: c.clock, stage: st.stage, due: st.at}
			if !st.at.After(g.now) {
				fired := st.at.Add(g.span(time.Minute))
				if fired.After(g.now) {
					fired = g.now
				}
				t.fired = &fired
				detail := map[string]any{"clock": c.clock, "due_at": c.due, "round": 1}
				switch st.stage {
				case "breach":
					detail["escalated_to"] = "point_lead"
				case "escalation":
					detail["escalated_to"] = "city_coordinator"
				}
				r.events = append(r.events, genEvent{kind: "sla_" + st.stage, at: fired, detail: detail,
					action: "casework.sla." + st.stage, audit: detail})
			}
			r.timers = append(r.timers, t)
		}
	}
	slices.SortStableFunc(r.events, func(a, b genEvent) int { return a.at.Compare(b.at) })
	return r
}

var genRequestColumns = []string{"ref", "channel", "enterprise_id", "topic_code", "title", "description", "urgency", "state",
	"home_district", "point_id", "route_kind", "response_warn_at", "response_due_at", "responded_at", "resolution_warn_at",
	"resolution_due_at", "resolved_at", "closed_at", "sla_due_at", "sla_warn_at", "resolution", "survey_score", "surveyed_at",
	"submitted_at", "created_at", "updated_at", "version"}

// insertGenerated writes generated requests with everything their life wrote.
func (s *Store) insertGenerated(ctx context.Context, tx *db.Tx, rs []genRequest) error {
	// The requests first, for their ids; RETURNING gives the rows in no promised order, so they are
	// matched by reference.
	w := len(genRequestColumns)
	per := db.RowsPerInsert(tx.Dialect(), w)
	ids := map[string]int64{}
	for first := 0; first < len(rs); first += per {
		batch := rs[first:min(first+per, len(rs))]
		q := "INSERT INTO casework_request (" + strings.Join(genRequestColumns, ", ") + ") VALUES " +
			db.Values(tx.Dialect(), len(batch), w) + " RETURNING id, ref"
		args := make([]any, 0, len(batch)*w)
		for _, r := range batch {
			args = append(args, r.ref, r.channel, r.ent, r.topic, "样本请求 "+r.ref, "为基准测试生成的请求。", r.urgency, r.state,
				r.home, r.point, RuleHomeDistrict, r.respWarn, r.respDue, r.responded, r.resoWarn, r.resoDue, r.resolved, r.closed,
				r.slaDue, r.slaWarn, r.resolution, r.score, r.surveyed, r.submitted, r.submitted, r.updated, r.version)
		}
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("generate requests: %w", err)
		}
		for rows.Next() {
			var id int64
			var ref string
			if err := rows.Scan(&id, &ref); err != nil {
				rows.Close()
				return err
			}
			ids[ref] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}

	type stamped struct {
		id int64
		r  *genRequest
		e  *genEvent
	}
	var serving, timers []any
	var events []stamped
	for i := range rs {
		r := &rs[i]
		id := ids[r.ref]
		if id == 0 {
			return fmt.Errorf("generate: no id for %s", r.ref)
		}
		serving = append(serving, id, r.point, RoleServing, r.submitted, r.submitted)
		for j := range r.events {
			events = append(events, stamped{id, r, &r.events[j]})
		}
		for _, t := range r.timers {
			updated := r.submitted
			if t.fired != nil {
				updated = *t.fired
			}
			timers = append(timers, id, t.clock, t.stage, 1, 0, t.due, t.fired, r.submitted, updated)
		}
	}
	if err := db.InsertRows(ctx, tx, "casework_request_point", []string{"request_id", "point_id", "role", "created_at", "updated_at"},
		serving); err != nil {
		return err
	}
	if err := db.InsertRows(ctx, tx, "casework_timer", []string{"request_id", "clock", "stage", "round", "subject_id", "due_at", "fired_at",
		"created_at", "updated_at"}, timers); err != nil {
		return err
	}
	// The timeline and the audit log in the order things happened.
	slices.SortStableFunc(events, func(a, b stamped) int { return cmp.Compare(a.e.at.UnixNano(), b.e.at.UnixNano()) })
	args := make([]any, 0, len(events)*10)
	entries := make([]audit.Stamped, 0, len(events))
	for _, x := range events {
		detail := "{}"
		if len(x.e.detail) > 0 {
			b, err := json.Marshal(x.e.detail)
			if err != nil {
				return err
			}
			detail = string(b)
		}
		args = append(args, x.id, x.e.kind, x.e.from, x.e.to, x.r.point, x.e.public, x.e.body, detail, x.e.at, x.e.at)
		entries = append(entries, audit.Stamped{Entry: audit.Entry{Action: x.e.action, ObjectType: "casework_request",
			ObjectID: x.r.ref, Detail: x.e.audit}, At: x.e.at})
	}
	if err := db.InsertRows(ctx, tx, "casework_event", []string{"request_id", "kind", "from_state", "to_state", "point_id", "public", "body",
		"detail", "created_at", "updated_at"}, args); err != nil {
		return err
	}
	return s.audit.Append(ctx, tx, entries)
}
