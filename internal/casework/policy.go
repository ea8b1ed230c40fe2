package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/db"
)

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// AnyTopic is the topic code of the default SLA policies.
const AnyTopic = "*"

// Policy is the service level for one topic and urgency.
type Policy struct {
	Topic            string    `json:"topic"` // a topic code, or "*" for every topic without its own
	Urgency          string    `json:"urgency"`
	ResponseAmount   int       `json:"response_amount"`
	ResponseUnit     string    `json:"response_unit"` // hours or days
	ResolutionAmount int       `json:"resolution_amount"`
	ResolutionUnit   string    `json:"resolution_unit"`
	Version          int       `json:"version"`
	UpdatedAt        time.Time `json:"updated_at"`
}

// Policies are every policy, looked up by topic and urgency.
type Policies []Policy

// fallbackPolicy applies should the default rows ever be missing: a government window's usual
// promise of a reply the next working day and an answer within ten.
var fallbackPolicy = Policy{Topic: AnyTopic, ResponseAmount: 1, ResponseUnit: UnitDays, ResolutionAmount: 10, ResolutionUnit: UnitDays}

// For returns the policy of topic at urgency: the topic's own, else the default for the urgency.
func (ps Policies) For(topic, urgency string) Policy {
	var dflt *Policy
	for i, p := range ps {
		if p.Urgency != urgency {
			continue
		}
		if p.Topic == topic {
			return p
		}
		if p.Topic == AnyTopic {
			dflt = &ps[i]
		}
	}
	if dflt != nil {
		return *dflt
	}
	p := fallbackPolicy
	p.Urgency = urgency
	return p
}

func (s *Store) policies(ctx context.Context) (Policies, error) {
	rows, err := s.db.Query(ctx, `SELECT topic_code, urgency, response_amount, response_unit, resolution_amount, resolution_unit,
		version, updated_at FROM casework_sla_policy ORDER BY CASE WHEN topic_code = '*' THEN 0 ELSE 1 END, topic_code,
		CASE urgency WHEN 'normal' THEN 0 WHEN 'high' THEN 1 ELSE 2 END`)
	if err != nil {
		return nil, fmt.Errorf("sla policies: %w", err)
	}
	defer rows.Close()
	out := Policies{}
	for rows.Next() {
		var p Policy
		if err := rows.Scan(&p.Topic, &p.Urgency, &p.ResponseAmount, &p.ResponseUnit, &p.ResolutionAmount, &p.ResolutionUnit,
			&p.Version, &p.UpdatedAt); err != nil {
			return nil, err
		}
		p.UpdatedAt = p.UpdatedAt.UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

// Policies lists the SLA policies (staff).
func (s *Store) Policies(ctx context.Context) (Policies, error) {
	if p := auth.From(ctx); p == nil || !p.Staff() {
		return nil, apperr.ErrForbidden
	}
	return s.policies(ctx)
}

// Maximum SLA amounts: a year of working hours or days is far beyond any promise a window makes.
const (
	maxHours = 2000
	maxDays  = 250
)

func checkAmount(v *apperr.Validator, field string, amount int, unit string) {
	switch unit {
	case UnitHours:
		v.Check(amount >= 1 && amount <= maxHours, field+"_amount", "casework.policy.amount", "Max", maxHours)
	case UnitDays:
		v.Check(amount >= 1 && amount <= maxDays, field+"_amount", "casework.policy.amount", "Max", maxDays)
	default:
		v.Add(field+"_unit", "error.bad_choice")
	}
}

// SetPolicy creates or replaces the policy of in.Topic and in.Urgency (coordinators). Replacing needs
// the version the caller saw. New deadlines apply to requests submitted afterwards.
func (s *Store) SetPolicy(ctx context.Context, in Policy) (Policy, error) {
	if p := auth.From(ctx); p != nil && !p.CityWide() {
		return Policy{}, apperr.ErrForbidden
	}
	in.Topic = strings.TrimSpace(in.Topic)
	var v apperr.Validator
	if in.Topic != AnyTopic {
		topics, _, err := s.topics(ctx)
		if err != nil {
			return Policy{}, err
		}
		if _, ok := topics[in.Topic]; !ok {
			v.Add("topic", "casework.topic.unknown", "Code", clip(in.Topic, 40))
		}
	}
	v.Check(slices.Contains(Urgencies, in.Urgency), "urgency", "error.bad_choice")
	checkAmount(&v, "response", in.ResponseAmount, in.ResponseUnit)
	checkAmount(&v, "resolution", in.ResolutionAmount, in.ResolutionUnit)
	if v.Err() == nil && hoursOf(in.ResolutionAmount, in.ResolutionUnit) < hoursOf(in.ResponseAmount, in.ResponseUnit) {
		v.Add("resolution_amount", "casework.policy.order")
	}
	if err := v.Err(); err != nil {
		return Policy{}, err
	}
	var out Policy
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		var version int
		err := tx.QueryRow(ctx, `SELECT version FROM casework_sla_policy WHERE topic_code = $1 AND urgency = $2`, in.Topic, in.Urgency).Scan(&version)
		switch {
		case isNoRows(err):
			if in.Version != 0 {
				return apperr.ErrConflict
			}
			_, err = tx.Exec(ctx, `INSERT INTO casework_sla_policy (topic_code, urgency, response_amount, response_unit, resolution_amount,
				resolution_unit, version, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,1,$7,$7)`,
				in.Topic, in.Urgency, in.ResponseAmount, in.ResponseUnit, in.ResolutionAmount, in.ResolutionUnit, now)
			version = 1
		case err != nil:
		case in.Version != version:
			return apperr.ErrConflict
		default:
			_, err = tx.Exec(ctx, `UPDATE casework_sla_policy SET response_amount = $1, response_unit = $2, resolution_amount = $3,
				resolution_unit = $4, version = version + 1, updated_at = $5 WHERE topic_code = $6 AND urgency = $7`,
				in.ResponseAmount, in.ResponseUnit, in.ResolutionAmount, in.ResolutionUnit, now, in.Topic, in.Urgency)
			version++
		}
		if err != nil {
			return err
		}
		out = in
		out.Version, out.UpdatedAt = version, now
		return s.record(ctx, tx, "casework.policy.set", "casework_sla_policy", in.Topic+"/"+in.Urgency, map[string]any{
			"response":   fmt.Sprintf("%d %s", in.ResponseAmount, in.ResponseUnit),
			"resolution": fmt.Sprintf("%d %s", in.ResolutionAmount, in.ResolutionUnit), "version": version})
	})
	return out, err
}

func hoursOf(amount int, unit string) int {
	if unit == UnitDays {
		return amount * 8
	}
	return amount
}

// Point kinds a rule may name.
var ruleKindsOfPoint = []string{"city_platform", "sub_platform", "district_point", "specialised_point", "overseas_point"}

const ruleColumns = `id, position, kind, topic_code, channel, point_kind, target_point_id, name_zh, name_en, active, version, updated_at`

func scanRule(row interface{ Scan(...any) error }) (Rule, error) {
	var r Rule
	var target *int64
	err := row.Scan(&r.ID, &r.Position, &r.Kind, &r.Topic, &r.Channel, &r.PointKind, &target, &r.NameZh, &r.NameEn, &r.Active,
		&r.Version, &r.UpdatedAt)
	if target != nil {
		r.TargetPointID = *target
	}
	r.UpdatedAt = r.UpdatedAt.UTC()
	return r, err
}

func (s *Store) rules(ctx context.Context, q db.Querier) ([]Rule, error) {
	rows, err := q.Query(ctx, `SELECT `+ruleColumns+` FROM casework_routing_rule ORDER BY position, id`)
	if err != nil {
		return nil, fmt.Errorf("routing rules: %w", err)
	}
	defer rows.Close()
	out := []Rule{}
	for rows.Next() {
		r, err := scanRule(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Rules lists the routing rules in the order they are tried (staff).
func (s *Store) Rules(ctx context.Context) ([]Rule, error) {
	if p := auth.From(ctx); p == nil || !p.Staff() {
		return nil, apperr.ErrForbidden
	}
	rs, err := s.rules(ctx, s.db)
	if err != nil {
		return nil, err
	}
	ix, err := s.pointIndex(ctx)
	if err != nil {
		return nil, err
	}
	for i := range rs {
		if rs[i].TargetPointID != 0 {
			rs[i].TargetPoint = ix.ref(rs[i].TargetPointID).Code
		}
	}
	return rs, nil
}

// RuleInput is a routing rule as a coordinator submits it.
type RuleInput struct {
	Position    int    `json:"position"`
	Kind        string `json:"kind"`
	Topic       string `json:"topic,omitempty"`
	Channel     string `json:"channel,omitempty"`
	PointKind   string `json:"point_kind,omitempty"`
	TargetPoint string `json:"target_point,omitempty"` // fixed rules: the point's code
	NameZh      string `json:"name_zh"`
	NameEn      string `json:"name_en"`
	Active      *bool  `json:"active,omitempty"` // nil: active
}

func (s *Store) checkRule(ctx context.Context, in *RuleInput) (target int64, err error) {
	var v apperr.Validator
	in.Kind, in.Topic, in.Channel = strings.TrimSpace(in.Kind), strings.TrimSpace(in.Topic), strings.TrimSpace(in.Channel)
	in.PointKind, in.TargetPoint = strings.TrimSpace(in.PointKind), strings.ToUpper(strings.TrimSpace(in.TargetPoint))
	v.Check(in.Position >= 0 && in.Position <= 100000, "position", "casework.rule.position_range")
	if in.Kind == "" {
		v.Add("kind", "error.required")
	} else if !slices.Contains(RuleKinds, in.Kind) {
		v.Add("kind", "error.bad_choice")
	}
	if in.Topic != "" {
		topics, _, err := s.topics(ctx)
		if err != nil {
			return 0, err
		}
		if _, ok := topics[in.Topic]; !ok {
			v.Add("topic", "casework.topic.unknown", "Code", clip(in.Topic, 40))
		}
	}
	v.Check(in.Kind != RuleCapability || in.Topic != "", "topic", "casework.rule.needs_topic")
	v.Check(in.Channel == "" || slices.Contains(Channels, in.Channel), "channel", "error.bad_choice")
	v.Check(in.PointKind == "" || slices.Contains(ruleKindsOfPoint, in.PointKind), "point_kind", "error.bad_choice")
	v.Check(in.Kind != RulePointKind || in.PointKind != "", "point_kind", "casework.rule.needs_point_kind")
	if in.Kind == RuleFixed {
		if in.TargetPoint == "" {
			v.Add("target_point", "casework.rule.needs_point")
		} else {
			ix, err := s.pointIndex(ctx)
			if err != nil {
				return 0, err
			}
			pt, ok := ix.byCode[in.TargetPoint]
			v.Check(ok, "target_point", "casework.point.unknown")
			target = pt.ID
		}
	} else {
		v.Check(in.TargetPoint == "", "target_point", "casework.rule.point_only_fixed")
	}
	checkText(&v, "name_zh", &in.NameZh, maxReason, true)
	checkText(&v, "name_en", &in.NameEn, maxReason, true)
	return target, v.Err()
}

func mayEditRules(ctx context.Context) error {
	if p := auth.From(ctx); p != nil && !p.CityWide() {
		return apperr.ErrForbidden
	}
	return nil
}

// CreateRule adds a routing rule (coordinators).
func (s *Store) CreateRule(ctx context.Context, in RuleInput) (Rule, error) {
	if err := mayEditRules(ctx); err != nil {
		return Rule{}, err
	}
	target, err := s.checkRule(ctx, &in)
	if err != nil {
		return Rule{}, err
	}
	var out Rule
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO casework_routing_rule (position, kind, topic_code, channel, point_kind, target_point_id,
			name_zh, name_en, active, version, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,1,$10,$10) RETURNING id`,
			in.Position, in.Kind, in.Topic, in.Channel, in.PointKind, nullID(target), in.NameZh, in.NameEn, in.Active == nil || *in.Active,
			now).Scan(&id); err != nil {
			return err
		}
		var err error
		if out, err = scanRule(tx.QueryRow(ctx, `SELECT `+ruleColumns+` FROM casework_routing_rule WHERE id = $1`, id)); err != nil {
			return err
		}
		out.TargetPoint = in.TargetPoint
		return s.record(ctx, tx, "casework.rule.create", "casework_routing_rule", fmt.Sprint(id), ruleDetail(out))
	})
	return out, err
}

// UpdateRule replaces a routing rule, provided the caller saw version (coordinators).
func (s *Store) UpdateRule(ctx context.Context, id int64, version int, in RuleInput) (Rule, error) {
	if err := mayEditRules(ctx); err != nil {
		return Rule{}, err
	}
	target, err := s.checkRule(ctx, &in)
	if err != nil {
		return Rule{}, err
	}
	var out Rule
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := scanRule(tx.QueryRow(ctx, `SELECT `+ruleColumns+` FROM casework_routing_rule WHERE id = $1`, id))
		if isNoRows(err) {
			return apperr.NotFound(fmt.Sprintf("routing rule %d", id))
		}
		if err != nil {
			return err
		}
		if old.Version != version {
			return apperr.ErrConflict
		}
		active := old.Active
		if in.Active != nil {
			active = *in.Active
		}
		if _, err := tx.Exec(ctx, `UPDATE casework_routing_rule SET position = $1, kind = $2, topic_code = $3, channel = $4, point_kind = $5,
			target_point_id = $6, name_zh = $7, name_en = $8, active = $9, version = version + 1, updated_at = $10 WHERE id = $11 AND version = $12`,
			in.Position, in.Kind, in.Topic, in.Channel, in.PointKind, nullID(target), in.NameZh, in.NameEn, active, s.now().UTC(), id, version); err != nil {
			return err
		}
		if out, err = scanRule(tx.QueryRow(ctx, `SELECT `+ruleColumns+` FROM casework_routing_rule WHERE id = $1`, id)); err != nil {
			return err
		}
		out.TargetPoint = in.TargetPoint
		d := ruleDetail(out)
		d["previous"] = ruleDetail(old)
		return s.record(ctx, tx, "casework.rule.update", "casework_routing_rule", fmt.Sprint(id), d)
	})
	return out, err
}

// DeleteRule removes a routing rule, provided the caller saw version (coordinators). Requests it
// routed keep its id and kind in their routing record.
func (s *Store) DeleteRule(ctx context.Context, id int64, version int) error {
	if err := mayEditRules(ctx); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := scanRule(tx.QueryRow(ctx, `SELECT `+ruleColumns+` FROM casework_routing_rule WHERE id = $1`, id))
		if isNoRows(err) {
			return apperr.NotFound(fmt.Sprintf("routing rule %d", id))
		}
		if err != nil {
			return err
		}
		if old.Version != version {
			return apperr.ErrConflict
		}
		if _, err := tx.Exec(ctx, `DELETE FROM casework_routing_rule WHERE id = $1`, id); err != nil {
			return err
		}
		return s.record(ctx, tx, "casework.rule.delete", "casework_routing_rule", fmt.Sprint(id), ruleDetail(old))
	})
}

func ruleDetail(r Rule) map[string]any {
	return map[string]any{"position": r.Position, "kind": r.Kind, "topic": r.Topic, "channel": r.Channel, "point_kind": r.PointKind,
		"target_point_id": r.TargetPointID, "active": r.Active, "version": r.Version}
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Categories lists the directory's provider categories that serve a topic, for matching providers
// to a request.
func (s *Store) Categories(ctx context.Context, topic string) ([]string, error) {
	return topicCategories(ctx, s.db, topic)
}

func topicCategories(ctx context.Context, q db.Querier, topic string) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT category FROM casework_topic_category WHERE topic_code = $1 ORDER BY category`, topic)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
