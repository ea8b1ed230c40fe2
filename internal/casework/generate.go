package casework

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"chuhai/internal/db"
)

// genRequest is one generated request.
type genRequest struct {
	ref, state, topic, urgency, channel, home string
	point, ent                                int64
	submitted                                 time.Time
	respWarn, respDue, resoWarn, resoDue      time.Time
	responded, resolved, closed               *time.Time
	slaDue, slaWarn                           *time.Time
}

// Generate writes n synthetic requests for benchmarks and load tests: spread over the past year
// across the active points and the given enterprises, most of them closed, the recent ones open
// with their SLA timers pending. It writes straight into casework's tables in large batches —
// without routing, audit entries or notices — because a million requests through CreateRequest
// would take hours; what it writes has the shape CreateRequest gives (references, serving points,
// timeline, timers), so that lists, queues and the sweep read realistic data. Reference numbers
// continue each point's sequence, so requests created afterwards number on from them.
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
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	now := s.now().UTC().Truncate(time.Second)
	seq, err := s.sequences(ctx)
	if err != nil {
		return err
	}
	// Rows per statement: PostgreSQL takes large multi-row inserts well; the SQLite driver binds
	// numbered parameters in time that grows with their count, so it gets small statements, many
	// to a transaction.
	const perTx = 2000
	perStmt := 400
	if s.db.Dialect() == db.SQLite {
		perStmt = 16
	}
	for start := 0; start < n; start += perTx {
		gs := make([]genRequest, min(perTx, n-start))
		for i := range gs {
			g := &gs[i]
			p := points[rng.IntN(len(points))]
			g.point, g.ent = p.ID, enterpriseIDs[rng.IntN(len(enterpriseIDs))]
			g.home = homes[g.ent]
			g.topic = topics[rng.IntN(len(topics))].Code
			g.urgency = Urgencies[min(rng.IntN(10)/7, 2)]
			g.channel = Channels[rng.IntN(len(Channels))]
			// One request in fifty is recent and still open (a couple of weeks' intake); the rest came
			// in over the year and are done.
			open := rng.IntN(50) == 0
			age := time.Duration(rng.Int64N(int64(365 * 24 * time.Hour)))
			if open {
				age = time.Duration(rng.Int64N(int64(10 * 24 * time.Hour)))
			}
			g.submitted = now.Add(-age)
			g.respDue, g.resoDue = g.submitted.Add(24*time.Hour), g.submitted.Add(14*24*time.Hour)
			g.respWarn, g.resoWarn = g.submitted.Add(18*time.Hour), g.submitted.Add(10*24*time.Hour)
			year := g.submitted.In(shanghai).Year()
			key := fmt.Sprintf("%d-%d", p.ID, year)
			seq[key]++
			g.ref = fmt.Sprintf("%s-%d-%06d", p.Code, year, seq[key])
			resp := g.submitted.Add(time.Duration(rng.Int64N(int64(20 * time.Hour))))
			switch {
			case !open:
				res := resp.Add(time.Duration(rng.Int64N(int64(12 * 24 * time.Hour))))
				cl := res.Add(time.Duration(rng.Int64N(int64(3 * 24 * time.Hour))))
				g.responded, g.resolved, g.closed, g.state = &resp, &res, &cl, StateClosed
			case age < 12*time.Hour:
				g.state, g.slaDue, g.slaWarn = StateSubmitted, &g.respDue, &g.respWarn
			default:
				g.state, g.responded = OpenStates[1+rng.IntN(3)], &resp
				g.slaDue, g.slaWarn = &g.resoDue, &g.resoWarn
			}
		}
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			for i := 0; i < len(gs); i += perStmt {
				if err := insertGenerated(ctx, tx, gs[i:min(i+perStmt, len(gs))]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		for key, v := range seq {
			var p int64
			var y int
			if _, err := fmt.Sscanf(key, "%d-%d", &p, &y); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO casework_sequence (point_id, year, last_value, created_at, updated_at) VALUES ($1,$2,$3,$4,$4)
				ON CONFLICT (point_id, year) DO UPDATE SET last_value = excluded.last_value, updated_at = excluded.updated_at`, p, y, v, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// sequences reads the last reference number of every point and year.
func (s *Store) sequences(ctx context.Context) (map[string]int64, error) {
	seq := map[string]int64{}
	rows, err := s.db.Query(ctx, `SELECT point_id, year, last_value FROM casework_sequence`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p, v int64
		var y int
		if err := rows.Scan(&p, &y, &v); err != nil {
			return nil, err
		}
		seq[fmt.Sprintf("%d-%d", p, y)] = v
	}
	return seq, rows.Err()
}

// values appends a multi-row VALUES list of cols placeholders per row to b, numbering after n.
func values(b *strings.Builder, rows, cols, n int, tail string) {
	for r := range rows {
		if r > 0 {
			b.WriteString(",")
		}
		b.WriteString("(")
		for c := range cols {
			if c > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(b, "$%d", n+r*cols+c+1)
		}
		b.WriteString(tail + ")")
	}
}

// insertGenerated writes generated requests with their serving point, first event and open
// requests' timers.
func insertGenerated(ctx context.Context, tx *db.Tx, gs []genRequest) error {
	var b strings.Builder
	b.WriteString(`INSERT INTO casework_request (ref, channel, enterprise_id, topic_code, title, description, urgency, state,
		home_district, point_id, route_kind, response_warn_at, response_due_at, responded_at, resolution_warn_at, resolution_due_at,
		resolved_at, closed_at, sla_due_at, sla_warn_at, submitted_at, created_at, updated_at, version) VALUES `)
	values(&b, len(gs), 23, 0, ",1")
	args := make([]any, 0, len(gs)*23)
	for _, g := range gs {
		args = append(args, g.ref, g.channel, g.ent, g.topic, "样本请求 "+g.ref, "为基准测试生成的请求。", g.urgency, g.state,
			g.home, g.point, RuleHomeDistrict, g.respWarn, g.respDue, g.responded, g.resoWarn, g.resoDue, g.resolved, g.closed,
			g.slaDue, g.slaWarn, g.submitted, g.submitted, g.submitted)
	}
	// RETURNING gives the rows in no promised order: they are matched by reference.
	rows, err := tx.Query(ctx, b.String()+" RETURNING id, ref", args...)
	if err != nil {
		return fmt.Errorf("generate requests: %w", err)
	}
	byRef := make(map[string]int64, len(gs))
	for rows.Next() {
		var id int64
		var ref string
		if err := rows.Scan(&id, &ref); err != nil {
			rows.Close()
			return err
		}
		byRef[ref] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	ids := make([]int64, len(gs))
	for i, g := range gs {
		if ids[i] = byRef[g.ref]; ids[i] == 0 {
			return fmt.Errorf("generate: no id for %s", g.ref)
		}
	}
	b.Reset()
	b.WriteString(`INSERT INTO casework_request_point (request_id, point_id, role, created_at, updated_at) VALUES `)
	values(&b, len(gs), 5, 0, "")
	args = args[:0]
	for i, g := range gs {
		args = append(args, ids[i], g.point, RoleServing, g.submitted, g.submitted)
	}
	if _, err := tx.Exec(ctx, b.String(), args...); err != nil {
		return fmt.Errorf("generate servings: %w", err)
	}
	b.Reset()
	b.WriteString(`INSERT INTO casework_event (request_id, kind, to_state, point_id, public, created_at, updated_at) VALUES `)
	values(&b, len(gs), 7, 0, "")
	args = args[:0]
	for i, g := range gs {
		args = append(args, ids[i], "submitted", StateSubmitted, g.point, true, g.submitted, g.submitted)
	}
	if _, err := tx.Exec(ctx, b.String(), args...); err != nil {
		return fmt.Errorf("generate events: %w", err)
	}
	args = args[:0]
	timers := 0
	for i, g := range gs {
		if g.slaDue == nil {
			continue
		}
		clock := "resolution"
		if g.state == StateSubmitted {
			clock = "response"
		}
		args = append(args, ids[i], clock, "warning", *g.slaWarn, g.submitted, ids[i], clock, "breach", *g.slaDue, g.submitted,
			ids[i], clock, "escalation", g.slaDue.Add(24*time.Hour), g.submitted)
		timers += 3
	}
	if timers == 0 {
		return nil
	}
	b.Reset()
	b.WriteString(`INSERT INTO casework_timer (request_id, clock, stage, due_at, created_at, round, subject_id, updated_at) VALUES `)
	for r := range timers {
		if r > 0 {
			b.WriteString(",")
		}
		n := r * 5
		fmt.Fprintf(&b, "($%d,$%d,$%d,$%d,$%d,1,0,$%d)", n+1, n+2, n+3, n+4, n+5, n+5)
	}
	if _, err := tx.Exec(ctx, b.String(), args...); err != nil {
		return fmt.Errorf("generate timers: %w", err)
	}
	return nil
}
