package casework

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/db"
)

// Transition is one step of the workflow as a caller asks for it.
type Transition struct {
	Action  string `json:"action"`
	Version int    `json:"version"` // the version the caller saw: a stale one is a conflict
	// AssigneeID: assign — a staff member of the serving point.
	AssigneeID int64 `json:"assignee_id,omitempty"`
	// Point: transfer — the code of the point taking the request over.
	Point string `json:"point,omitempty"`
	// Into: merge — the reference of the request this one duplicates.
	Into string `json:"into,omitempty"`
	// Reason: the resolution (resolve), or why (transfer, reopen, withdraw, merge).
	Reason string `json:"reason,omitempty"`
}

// reasonRequired says which actions must say why.
var reasonRequired = []string{ActionResolve, ActionTransfer, ActionReopen}

// Transition applies a workflow step to the request ref: it checks the action is known, the caller
// may take it, the request's state allows it and the caller saw the current version; then it moves
// the request, stops or restarts its SLA clocks, and records the step on the timeline and in the
// audit log, all in one transaction.
func (s *Store) Transition(ctx context.Context, ref string, t Transition) (Request, error) {
	p := auth.From(ctx)
	t.Action = strings.TrimSpace(t.Action)
	var v apperr.Validator
	if t.Action == "" {
		v.Add("action", "error.required")
	} else if !slices.Contains(Actions, t.Action) {
		v.Add("action", "error.bad_choice")
	}
	v.Check(t.Version > 0, "version", "casework.version.required")
	checkText(&v, "reason", &t.Reason, maxNote, slices.Contains(reasonRequired, t.Action))
	switch t.Action {
	case ActionAssign:
		v.Check(t.AssigneeID > 0, "assignee_id", "error.required")
	case ActionTransfer:
		t.Point = strings.ToUpper(strings.TrimSpace(t.Point))
		v.Check(t.Point != "", "point", "error.required")
	case ActionMerge:
		t.Into = strings.ToUpper(strings.TrimSpace(t.Into))
		v.Check(t.Into != "", "into", "error.required")
	}
	if err := v.Err(); err != nil {
		return Request{}, err
	}
	ix, err := s.pointIndex(ctx)
	if err != nil {
		return Request{}, err
	}
	var assignee Person
	var assigneePoint int64
	if t.Action == ActionAssign {
		u, err := s.auth.UserByID(ctx, t.AssigneeID)
		if errors.Is(err, apperr.ErrNotFound) {
			return Request{}, apperr.Invalid(apperr.F("assignee_id", "casework.assignee.unknown"))
		}
		if err != nil {
			return Request{}, err
		}
		if u.Disabled || u.Role.Scope() != auth.ScopePoint {
			return Request{}, apperr.Invalid(apperr.F("assignee_id", "casework.assignee.not_staff"))
		}
		assignee = Person{ID: u.ID, Name: u.Name}
		if assignee.Name == "" {
			assignee.Name = u.Login
		}
		// The point is checked in the transaction, against the request as it is then.
		t.AssigneeID, assigneePoint = u.ID, u.PointID
	}
	var policies Policies
	if t.Action == ActionReopen {
		if policies, err = s.policies(ctx); err != nil {
			return Request{}, err
		}
	}
	calendars, err := s.workday.Calendars(ctx)
	if err != nil {
		return Request{}, err
	}
	// The receiving point's staff are looked up before the transaction (see CreateRequest).
	var tell []int64
	if to, ok := ix.byCode[t.Point]; ok && t.Action == ActionTransfer {
		if tell, err = s.pointUsers(ctx, to.ID, auth.PointStaff, auth.PointLead); err != nil {
			return Request{}, err
		}
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.load(ctx, tx, ref)
		if err != nil {
			return err
		}
		id = r.ID
		if !mayTake(p, t.Action, r) {
			return apperr.ErrForbidden
		}
		to, ok := nextState(r.State, t.Action, r.assigneeID != 0)
		if !ok || t.Action == ActionReopen && r.SLA.ResolvedAt == nil || t.Action == ActionDismissDuplicate && r.duplicateOfID == 0 {
			return notAllowed(r)
		}
		if r.Version != t.Version {
			return apperr.ErrConflict
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		ev := event{kind: t.Action, from: r.State, to: to, pointID: r.pointID, public: t.Action != ActionDismissDuplicate, body: t.Reason}
		set := []string{"state = $1", "updated_at = $2"}
		args := []any{to, now}
		add := func(col string, val any) {
			args = append(args, val)
			set = append(set, fmt.Sprintf("%s = $%d", col, len(args)))
		}
		firstResponse := func() error {
			if r.SLA.RespondedAt != nil {
				return nil
			}
			add("responded_at", now)
			add("sla_due_at", r.SLA.ResolutionDueAt)
			add("sla_warn_at", r.SLA.ResolutionWarnAt)
			return stopClock(ctx, tx, r.ID, "response")
		}
		stopAll := func() error {
			add("sla_due_at", nil)
			add("sla_warn_at", nil)
			if err := stopClock(ctx, tx, r.ID, "response"); err != nil {
				return err
			}
			return stopClock(ctx, tx, r.ID, "resolution")
		}
		audit := map[string]any{"from": r.State, "to": to, "version": r.Version + 1}
		switch t.Action {
		case ActionTriage:
			err = firstResponse()
		case ActionAssign:
			if assigneePoint != r.pointID {
				return apperr.Invalid(apperr.F("assignee_id", "casework.assignee.other_point"))
			}
			add("assignee_id", t.AssigneeID)
			ev.detail = map[string]any{"assignee": assignee.Name}
			audit["assignee_id"] = t.AssigneeID
			err = firstResponse()
		case ActionStart:
		case ActionResolve:
			add("resolved_at", now)
			add("resolution", t.Reason)
			if r.SLA.RespondedAt == nil {
				add("responded_at", now)
			}
			err = stopAll()
		case ActionClose:
			add("closed_at", now)
			if err = s.finaliseEngagements(ctx, tx, r.ID, now); err != nil {
				return err
			}
		case ActionReopen:
			if p.Role.Scope() == auth.ScopeEnterprise {
				since := *r.SLA.ResolvedAt
				if r.ClosedAt != nil {
					since = *r.ClosedAt
				}
				if now.Sub(since) > time.Duration(s.cfg.ReopenDays)*24*time.Hour {
					return apperr.New(apperr.KindConflict, "casework.reopen.too_late", "Days", s.cfg.ReopenDays)
				}
			}
			pt := ix.byID[r.pointID]
			sch, loc := schedule(calendars, pt)
			pol := policies.For(r.Topic, r.Urgency)
			c := planClock(sch, loc, now, pol.ResolutionAmount, pol.ResolutionUnit)
			// Each reopening runs the resolution clock again as a new round (the first round's
			// timers that fired stay on record).
			var round int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) + 2 FROM casework_event WHERE request_id = $1 AND kind = 'reopen'`,
				r.ID).Scan(&round); err != nil {
				return err
			}
			add("resolved_at", nil)
			add("closed_at", nil)
			add("resolution_warn_at", c.WarnAt)
			add("resolution_due_at", c.DueAt)
			add("sla_due_at", c.DueAt)
			add("sla_warn_at", c.WarnAt)
			if c.Provisional {
				add("sla_provisional", true)
			}
			err = s.addClockTimers(ctx, tx, r.ID, "resolution", round, c, now)
		case ActionTransfer:
			target, ok := ix.byCode[t.Point]
			switch {
			case !ok || !target.Active:
				return apperr.Invalid(apperr.F("point", "casework.point.unknown"))
			case target.ID == r.pointID:
				return apperr.Invalid(apperr.F("point", "casework.transfer.same_point"))
			}
			add("point_id", target.ID)
			add("assignee_id", nil)
			if err := setServing(ctx, tx, r.ID, r.pointID, RoleServed, now); err != nil {
				return err
			}
			err = setServing(ctx, tx, r.ID, target.ID, RoleServing, now)
			ev.detail = map[string]any{"from_point": ix.ref(r.pointID).Code, "to_point": target.Code}
			audit["to_point"] = target.Code
		case ActionMerge:
			var target Request
			if target, err = s.mergeTarget(ctx, tx, r, t.Into); err != nil {
				return err
			}
			add("merged_into_id", target.ID)
			add("closed_at", now)
			if err = stopAll(); err != nil {
				return err
			}
			// The duplicate's point keeps its credit on the request it was merged into.
			if _, err = tx.Exec(ctx, `INSERT INTO casework_request_point (request_id, point_id, role, created_at, updated_at)
				VALUES ($1,$2,$3,$4,$4) ON CONFLICT (request_id, point_id) DO NOTHING`, target.ID, r.pointID, RoleServed, now); err != nil {
				return err
			}
			if err = s.addEvent(ctx, tx, target.ID, event{kind: "merged_from", pointID: r.pointID, public: true, body: t.Reason,
				detail: map[string]any{"ref": r.Ref}}, now); err != nil {
				return err
			}
			ev.detail = map[string]any{"into": target.Ref}
			audit["into"] = target.Ref
		case ActionWithdraw:
			add("closed_at", now)
			err = stopAll()
		case ActionDismissDuplicate:
			add("duplicate_of_id", nil)
		}
		if err != nil {
			return err
		}
		if err := bumpVersion(ctx, tx, r.ID, r.Version, strings.Join(set, ", "), args...); err != nil {
			return err
		}
		if err := s.addEvent(ctx, tx, r.ID, ev, now); err != nil {
			return err
		}
		if t.Reason != "" {
			audit["reason"] = t.Reason
		}
		if err := s.notifyTransition(ctx, tx, r, t, ix, tell); err != nil {
			return err
		}
		return s.record(ctx, tx, "casework.request."+t.Action, "casework_request", r.Ref, audit)
	})
	if err != nil {
		return Request{}, err
	}
	r, err := requestWhere(ctx, s.db, `r.id = $1`, id)
	if err != nil {
		return Request{}, err
	}
	return s.finishWith(ctx, ix, r)
}

// notAllowed says which actions the request's state allows.
func notAllowed(r Request) error {
	allowed := AllowedActions(r.State, r.assigneeID != 0)
	if r.SLA.ResolvedAt == nil {
		allowed = slices.DeleteFunc(allowed, func(a string) bool { return a == ActionReopen })
	}
	if r.duplicateOfID == 0 {
		allowed = slices.DeleteFunc(allowed, func(a string) bool { return a == ActionDismissDuplicate })
	}
	return apperr.New(apperr.KindConflict, "casework.transition.not_allowed", "State", r.State, "Allowed", strings.Join(allowed, ", "))
}

// mergeTarget checks that r may be merged into the request into: another open request of the same
// enterprise, not itself merged.
func (s *Store) mergeTarget(ctx context.Context, tx *db.Tx, r Request, into string) (Request, error) {
	bad := func(key string) error { return apperr.Invalid(apperr.F("into", key)) }
	if !ValidRef(into) || into == r.Ref {
		return Request{}, bad("casework.merge.target")
	}
	target, err := requestWhere(ctx, tx, `r.ref = $1`, into)
	if errors.Is(err, apperr.ErrNotFound) {
		return Request{}, bad("casework.merge.target")
	}
	if err != nil {
		return Request{}, err
	}
	switch {
	case r.enterpriseID == 0 || target.enterpriseID != r.enterpriseID:
		return Request{}, bad("casework.merge.other_enterprise")
	case !IsOpen(target.State) || target.mergedIntoID != 0:
		return Request{}, bad("casework.merge.target_closed")
	}
	return target, nil
}

// AddNote adds a note to a request's timeline. Staff of the serving point, of points that served or
// collaborate on it, and coordinators add internal notes or public ones (which the enterprise sees);
// the enterprise's users add public notes. A first public note from the serving point is its first
// response. Notes do not change the request's version.
func (s *Store) AddNote(ctx context.Context, ref, body string, public bool) (Event, error) {
	p := auth.From(ctx)
	var v apperr.Validator
	checkText(&v, "body", &body, maxNote, true)
	if err := v.Err(); err != nil {
		return Event{}, err
	}
	var ev Event
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.load(ctx, tx, ref)
		if err != nil {
			return err
		}
		switch {
		case p.Staff():
			var role string
			err := tx.QueryRow(ctx, `SELECT role FROM casework_request_point WHERE request_id = $1 AND point_id = $2`, r.ID, p.PointID).Scan(&role)
			if isNoRows(err) && !p.CityWide() {
				return apperr.ErrForbidden // invited, not yet collaborating
			} else if err != nil && !isNoRows(err) {
				return err
			}
		case p.Role.Scope() == auth.ScopeEnterprise:
			public = true
		default:
			return apperr.ErrForbidden
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		pointID := p.PointID
		if pointID == 0 && p.Staff() {
			pointID = r.pointID
		}
		if err := s.addEvent(ctx, tx, r.ID, event{kind: "note", pointID: pointID, public: public, body: body}, now); err != nil {
			return err
		}
		if public && p.Staff() && p.CanActForPoint(r.pointID) && r.SLA.RespondedAt == nil && IsOpen(r.State) {
			if _, err := tx.Exec(ctx, `UPDATE casework_request SET responded_at = $1, sla_due_at = resolution_due_at,
				sla_warn_at = resolution_warn_at, updated_at = $1 WHERE id = $2`, now, r.ID); err != nil {
				return err
			}
			if err := stopClock(ctx, tx, r.ID, "response"); err != nil {
				return err
			}
		}
		_, name := actor(ctx)
		ev = Event{Kind: "note", Public: public, Body: body, Actor: name, At: now}
		return s.record(ctx, tx, "casework.request.note", "casework_request", r.Ref, map[string]any{"public": public, "length": len([]rune(body))})
	})
	return ev, err
}

// SubmitSurvey records the enterprise's satisfaction (1 to 5) with its closed request, once.
func (s *Store) SubmitSurvey(ctx context.Context, ref string, score int, comment string) (Request, error) {
	p := auth.From(ctx)
	var v apperr.Validator
	v.Check(score >= 1 && score <= 5, "score", "casework.rating.range")
	checkText(&v, "comment", &comment, maxComment, false)
	if err := v.Err(); err != nil {
		return Request{}, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.load(ctx, tx, ref)
		if err != nil {
			return err
		}
		if p == nil || p.Role.Scope() != auth.ScopeEnterprise {
			return apperr.ErrForbidden
		}
		switch {
		case r.State != StateClosed:
			return apperr.New(apperr.KindConflict, "casework.survey.not_closed")
		case r.Survey != nil:
			return apperr.New(apperr.KindConflict, "casework.survey.done")
		}
		id = r.ID
		now := s.now().UTC().Truncate(time.Microsecond)
		res, err := tx.Exec(ctx, `UPDATE casework_request SET survey_score = $1, survey_comment = $2, surveyed_at = $3, updated_at = $3
			WHERE id = $4 AND survey_score IS NULL`, score, comment, now, r.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return apperr.New(apperr.KindConflict, "casework.survey.done")
		}
		if err := s.addEvent(ctx, tx, r.ID, event{kind: "survey", public: true, body: comment, detail: map[string]any{"score": score}}, now); err != nil {
			return err
		}
		return s.record(ctx, tx, "casework.request.survey", "casework_request", r.Ref, map[string]any{"score": score})
	})
	if err != nil {
		return Request{}, err
	}
	r, err := requestWhere(ctx, s.db, `r.id = $1`, id)
	if err != nil {
		return Request{}, err
	}
	return s.finish(ctx, r)
}

// notifyTransition tells whom a step concerns: the new assignee, the point a request is transferred
// to, and the enterprise user who asked when it is resolved.
func (s *Store) notifyTransition(ctx context.Context, tx *db.Tx, r Request, t Transition, ix *pointIndex, receivers []int64) error {
	switch t.Action {
	case ActionAssign:
		return s.notify(ctx, tx, []int64{t.AssigneeID}, Notice{Topic: TopicAssigned, Key: "casework.notice.assigned.subject",
			BodyKey: "casework.notice.assigned.body", Data: noticeData(r), Link: requestLink(r)})
	case ActionTransfer:
		return s.notify(ctx, tx, receivers, Notice{Topic: TopicTransfer, Key: "casework.notice.transferred.subject",
			BodyKey: "casework.notice.transferred.body", Data: noticeData(r, "From", ix.ref(r.pointID).NameZh, "Reason", t.Reason), Link: requestLink(r)})
	case ActionResolve:
		if r.enterpriseID == 0 || r.Channel != ChannelOnline {
			return nil
		}
		return s.notify(ctx, tx, []int64{r.createdBy}, Notice{Topic: TopicStatus, Key: "casework.notice.resolved.subject",
			BodyKey: "casework.notice.resolved.body", Data: noticeData(r), Link: "/requests/" + r.Ref})
	}
	return nil
}
