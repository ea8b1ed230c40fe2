package casework

import (
	"context"
	"fmt"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/db"
)

// Invitation statuses.
const (
	InvitationPending  = "pending"
	InvitationAccepted = "accepted"
	InvitationDeclined = "declined"
)

// Invitation asks another point to collaborate on a request: once accepted, its staff see the
// request, add notes, and the point is credited for serving it.
type Invitation struct {
	ID           int64      `json:"id"`
	Ref          string     `json:"ref"`
	From         PointRef   `json:"from"`
	To           PointRef   `json:"to"`
	Message      string     `json:"message"`
	Status       string     `json:"status"`
	ResponseNote string     `json:"response_note,omitempty"`
	RespondedAt  *time.Time `json:"responded_at,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
}

// Invite asks the point with code to collaborate on request ref (staff of the serving point,
// coordinators).
func (s *Store) Invite(ctx context.Context, ref, code, message string) (Invitation, error) {
	p := auth.From(ctx)
	code = strings.ToUpper(strings.TrimSpace(code))
	var v apperr.Validator
	v.Check(code != "", "point", "error.required")
	checkText(&v, "message", &message, maxNote, true)
	if err := v.Err(); err != nil {
		return Invitation{}, err
	}
	ix, err := s.pointIndex(ctx)
	if err != nil {
		return Invitation{}, err
	}
	to, ok := ix.byCode[code]
	if !ok || !to.Active {
		return Invitation{}, apperr.Invalid(apperr.F("point", "casework.point.unknown"))
	}
	// Who to tell is looked up before the transaction: on PostgreSQL a transaction must not wait for
	// a second connection from the pool, or a busy pool deadlocks.
	users, err := s.pointUsers(ctx, to.ID, auth.PointStaff, auth.PointLead)
	if err != nil {
		return Invitation{}, err
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.load(ctx, tx, ref)
		if err != nil {
			return err
		}
		if !p.Staff() || !p.CanActForPoint(r.pointID) {
			return apperr.ErrForbidden
		}
		if !IsOpen(r.State) {
			return apperr.New(apperr.KindConflict, "casework.invite.closed")
		}
		var role string
		err = tx.QueryRow(ctx, `SELECT role FROM casework_request_point WHERE request_id = $1 AND point_id = $2`, r.ID, to.ID).Scan(&role)
		if err == nil && role != RoleServed {
			return apperr.Invalid(apperr.F("point", "casework.invite.already"))
		} else if err != nil && !isNoRows(err) {
			return err
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		err = tx.QueryRow(ctx, `INSERT INTO casework_invitation (request_id, from_point_id, to_point_id, message, status, created_by, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$7) RETURNING id`, r.ID, r.pointID, to.ID, message, InvitationPending, p.UserID, now).Scan(&id)
		if db.IsUniqueViolation(err) {
			return apperr.Invalid(apperr.F("point", "casework.invite.pending"))
		}
		if err != nil {
			return err
		}
		if err := s.addEvent(ctx, tx, r.ID, event{kind: "invited", pointID: r.pointID, body: message,
			detail: map[string]any{"point": to.Code, "invitation_id": id}}, now); err != nil {
			return err
		}
		if err := s.notify(ctx, tx, users, Notice{Topic: TopicCollaboration, Key: "casework.notice.invited.subject", BodyKey: "casework.notice.invited.body",
			Data: noticeData(r, "From", ix.ref(r.pointID).NameZh, "Message", message), Link: requestLink(r)}); err != nil {
			return err
		}
		return s.record(ctx, tx, "casework.invitation.create", "casework_invitation", fmt.Sprint(id), map[string]any{"ref": r.Ref, "to": to.Code})
	})
	if err != nil {
		return Invitation{}, err
	}
	return s.invitation(ctx, ix, id)
}

func (s *Store) invitation(ctx context.Context, ix *pointIndex, id int64) (Invitation, error) {
	is, err := s.invitationsWhere(ctx, ix, `i.id = $1`, id)
	if err != nil {
		return Invitation{}, err
	}
	if len(is) == 0 {
		return Invitation{}, apperr.NotFound(fmt.Sprintf("invitation %d", id))
	}
	return is[0], nil
}

func (s *Store) invitationsWhere(ctx context.Context, ix *pointIndex, cond string, args ...any) ([]Invitation, error) {
	rows, err := s.db.Query(ctx, `SELECT i.id, r.ref, i.from_point_id, i.to_point_id, i.message, i.status, i.response_note, i.responded_at,
		i.created_at FROM casework_invitation i JOIN casework_request r ON r.id = i.request_id WHERE `+cond+` ORDER BY i.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Invitation{}
	for rows.Next() {
		var i Invitation
		if err := rows.Scan(&i.ID, &i.Ref, &i.From.ID, &i.To.ID, &i.Message, &i.Status, &i.ResponseNote, &i.RespondedAt, &i.CreatedAt); err != nil {
			return nil, err
		}
		i.From, i.To, i.CreatedAt = ix.ref(i.From.ID), ix.ref(i.To.ID), i.CreatedAt.UTC()
		out = append(out, i)
	}
	return out, rows.Err()
}

// Invitations lists a request's invitations.
func (s *Store) Invitations(ctx context.Context, ref string) ([]Invitation, error) {
	r, err := s.load(ctx, s.db, ref)
	if err != nil {
		return nil, err
	}
	ix, err := s.pointIndex(ctx)
	if err != nil {
		return nil, err
	}
	return s.invitationsWhere(ctx, ix, `i.request_id = $1`, r.ID)
}

// PendingInvitations lists the invitations waiting for the caller's point.
func (s *Store) PendingInvitations(ctx context.Context) ([]Invitation, error) {
	p := auth.From(ctx)
	if p == nil || p.Role.Scope() != auth.ScopePoint {
		return []Invitation{}, nil
	}
	ix, err := s.pointIndex(ctx)
	if err != nil {
		return nil, err
	}
	return s.invitationsWhere(ctx, ix, `i.to_point_id = $1 AND i.status = $2`, p.PointID, InvitationPending)
}

// RespondInvitation is the invited point's answer (its staff, or a coordinator).
func (s *Store) RespondInvitation(ctx context.Context, ref string, id int64, accept bool, note string) (Invitation, error) {
	p := auth.From(ctx)
	var v apperr.Validator
	checkText(&v, "note", &note, maxReason, false)
	if err := v.Err(); err != nil {
		return Invitation{}, err
	}
	ix, err := s.pointIndex(ctx)
	if err != nil {
		return Invitation{}, err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.load(ctx, tx, ref)
		if err != nil {
			return err
		}
		var to int64
		var status string
		err = tx.QueryRow(ctx, `SELECT to_point_id, status FROM casework_invitation WHERE id = $1 AND request_id = $2`, id, r.ID).Scan(&to, &status)
		if isNoRows(err) {
			return apperr.NotFound(fmt.Sprintf("invitation %d", id))
		}
		if err != nil {
			return err
		}
		if !p.Staff() || !p.CanActForPoint(to) {
			return apperr.ErrForbidden
		}
		if status != InvitationPending {
			return apperr.New(apperr.KindConflict, "casework.invite.answered")
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		status, kind := InvitationAccepted, "invitation_accepted"
		if !accept {
			status, kind = InvitationDeclined, "invitation_declined"
		}
		if _, err := tx.Exec(ctx, `UPDATE casework_invitation SET status = $1, response_note = $2, responded_by = $3, responded_at = $4,
			updated_at = $4 WHERE id = $5`, status, note, p.UserID, now, id); err != nil {
			return err
		}
		if accept {
			// A point that served the request before keeps that standing.
			if _, err := tx.Exec(ctx, `INSERT INTO casework_request_point (request_id, point_id, role, created_at, updated_at)
				VALUES ($1,$2,$3,$4,$4) ON CONFLICT (request_id, point_id) DO NOTHING`, r.ID, to, RoleCollaborator, now); err != nil {
				return err
			}
		}
		if err := s.addEvent(ctx, tx, r.ID, event{kind: kind, pointID: to, body: note, detail: map[string]any{"invitation_id": id}}, now); err != nil {
			return err
		}
		return s.record(ctx, tx, "casework.invitation."+status, "casework_invitation", fmt.Sprint(id), map[string]any{"ref": r.Ref})
	})
	if err != nil {
		return Invitation{}, err
	}
	return s.invitation(ctx, ix, id)
}
