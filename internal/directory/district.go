package directory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// District change statuses.
const (
	ChangePending  = "pending"
	ChangeApproved = "approved"
	ChangeRejected = "rejected"
)

// ChangeStatuses lists them in display order.
var ChangeStatuses = []string{ChangePending, ChangeApproved, ChangeRejected}

// DistrictChange is a request to move an enterprise's home district. Districts are credited for the
// enterprises homed with them, so only a city coordinator may approve one; the enterprise (or the
// staff of its current home district) asks, never the district that would gain it.
type DistrictChange struct {
	ID           int64      `json:"id"`
	EnterpriseID int64      `json:"enterprise_id"`
	NameZh       string     `json:"name_zh"` // the enterprise's, for lists
	NameEn       string     `json:"name_en"`
	From         string     `json:"from_district"`
	To           string     `json:"to_district"`
	AddressZh    string     `json:"address_zh"`
	Reason       string     `json:"reason"`
	Status       string     `json:"status"`
	DecidedAt    *time.Time `json:"decided_at,omitempty"`
	DecisionNote string     `json:"decision_note,omitempty"`
	Version      int        `json:"version"`
	CreatedAt    time.Time  `json:"created_at"`
}

// DistrictChangeInput asks for a new home district.
type DistrictChangeInput struct {
	ToDistrict string `json:"to_district"`
	AddressZh  string `json:"address_zh"` // the new registered address
	Reason     string `json:"reason"`
}

const changeColumns = `c.id, c.enterprise_id, e.name_zh, e.name_en, c.from_district, c.to_district, c.address_zh, c.reason,
	c.status, c.decided_at, c.decision_note, c.version, c.created_at`

func scanChange(row interface{ Scan(...any) error }) (DistrictChange, error) {
	var c DistrictChange
	err := row.Scan(&c.ID, &c.EnterpriseID, &c.NameZh, &c.NameEn, &c.From, &c.To, &c.AddressZh, &c.Reason, &c.Status,
		nullTime{&c.DecidedAt}, &c.DecisionNote, &c.Version, &c.CreatedAt)
	return c, err
}

func getChange(ctx context.Context, q db.Querier, id int64) (DistrictChange, error) {
	c, err := scanChange(q.QueryRow(ctx, `SELECT `+changeColumns+` FROM district_change c JOIN enterprise e ON e.id = c.enterprise_id
		WHERE c.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.NotFound(fmt.Sprintf("district change %d", id))
	}
	return c, err
}

// RequestDistrictChange files a request to move an enterprise's home district. The enterprise's
// admins and the staff of its current home district may ask; one request may be pending at a time.
func (s *Store) RequestDistrictChange(ctx context.Context, enterpriseID int64, in DistrictChangeInput) (DistrictChange, error) {
	g, err := s.geo(ctx)
	if err != nil {
		return DistrictChange{}, err
	}
	trim(&in.ToDistrict, &in.AddressZh, &in.Reason)
	var c DistrictChange
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		e, err := getEnterprise(ctx, tx, `id = $1`, enterpriseID, fmt.Sprint(enterpriseID))
		if err != nil {
			return err
		}
		if err := s.mayEditEnterprise(ctx, e); err != nil {
			return err
		}
		var v apperr.Validator
		to, ok := g.resolve(in.ToDistrict, RegionDistrict)
		switch {
		case in.ToDistrict == "":
			v.Add("to_district", "error.required")
		case !ok:
			v.Add("to_district", "directory.district.unknown")
		case to == e.HomeDistrict:
			v.Add("to_district", "directory.change.same_district")
		}
		checkLen(&v, "address_zh", in.AddressZh, maxAddress)
		if d := g.districtOfAddress(in.AddressZh); ok && d != "" && d != to {
			v.Add("address_zh", "directory.enterprise.address_district", "District", g.name(d, "zh-CN"))
		}
		required(&v, "reason", in.Reason, maxReason)
		if err := v.Err(); err != nil {
			return err
		}
		now := s.now().UTC()
		var by any
		if p := s.caller(ctx); p != nil {
			by = p.UserID
		}
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO district_change (enterprise_id, from_district, to_district, address_zh, reason, status,
			requested_by, version, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,1,$8,$8) RETURNING id`,
			e.ID, e.HomeDistrict, to, in.AddressZh, in.Reason, ChangePending, by, now).Scan(&id)
		if db.IsUniqueViolation(err) {
			return apperr.New(apperr.KindConflict, "directory.change.already_pending")
		}
		if err != nil {
			return err
		}
		if c, err = getChange(ctx, tx, id); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "directory.enterprise.district_change.request", ObjectType: "enterprise",
			ObjectID: fmt.Sprint(e.ID), Detail: map[string]any{"change_id": id, "from": e.HomeDistrict, "to": to, "reason": in.Reason}})
	})
	return c, err
}

// DecideDistrictChange approves or rejects a pending request; only a city coordinator may. Approval
// moves the enterprise (and its registered address, when the request gave one) in the same
// transaction, and both the decision and the move are audited.
func (s *Store) DecideDistrictChange(ctx context.Context, changeID int64, version int, approve bool, note string) (DistrictChange, error) {
	if err := s.mayDecideDistrictChange(ctx); err != nil {
		return DistrictChange{}, err
	}
	note = strings.TrimSpace(note)
	var v apperr.Validator
	if approve {
		checkLen(&v, "note", note, maxReason)
	} else {
		required(&v, "note", note, maxReason)
	}
	if err := v.Err(); err != nil {
		return DistrictChange{}, err
	}
	var c DistrictChange
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := getChange(ctx, tx, changeID)
		if err != nil {
			return err
		}
		if old.Status != ChangePending {
			return apperr.New(apperr.KindConflict, "directory.change.decided")
		}
		if version != old.Version {
			return apperr.ErrConflict
		}
		e, err := getEnterprise(ctx, tx, `id = $1`, old.EnterpriseID, fmt.Sprint(old.EnterpriseID))
		if err != nil {
			return err
		}
		if approve && e.HomeDistrict != old.From {
			return apperr.New(apperr.KindConflict, "directory.change.stale")
		}
		now := s.now().UTC()
		status := ChangeRejected
		if approve {
			status = ChangeApproved
		}
		var by any
		if p := s.caller(ctx); p != nil {
			by = p.UserID
		}
		if _, err := tx.Exec(ctx, `UPDATE district_change SET status = $1, decided_by = $2, decided_at = $3, decision_note = $4,
			version = version + 1, updated_at = $3 WHERE id = $5`, status, by, now, note, changeID); err != nil {
			return err
		}
		if approve {
			addr := e.AddressZh
			if old.AddressZh != "" {
				addr = old.AddressZh
			}
			if _, err := tx.Exec(ctx, `UPDATE enterprise SET home_district = $1, address_zh = $2, version = version + 1, updated_at = $3
				WHERE id = $4`, old.To, addr, now, e.ID); err != nil {
				return err
			}
			if err := s.audit.Record(ctx, tx, audit.Entry{Action: "directory.enterprise.district_change.apply", ObjectType: "enterprise",
				ObjectID: fmt.Sprint(e.ID), Detail: map[string]any{"change_id": changeID, "from": old.From, "to": old.To}}); err != nil {
				return err
			}
		}
		if c, err = getChange(ctx, tx, changeID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "directory.district_change." + status, ObjectType: "district_change",
			ObjectID: fmt.Sprint(changeID), Detail: map[string]any{"enterprise_id": e.ID, "from": old.From, "to": old.To, "note": note}})
	})
	return c, err
}

// ChangeFilter narrows ListDistrictChanges.
type ChangeFilter struct {
	Status        string
	EnterpriseID  int64
	Limit, Offset int
}

// ListDistrictChanges returns one page of requests, newest first, and the total. Coordinators see
// all; staff of a district point those leaving or joining their district; enterprise users their own.
func (s *Store) ListDistrictChanges(ctx context.Context, f ChangeFilter) ([]DistrictChange, int, error) {
	if f.Status != "" && !slices.Contains(ChangeStatuses, f.Status) {
		return nil, 0, apperr.Invalid(apperr.F("status", "error.bad_choice"))
	}
	where, args := []string{"1 = 1"}, []any{}
	arg := func(a any) string { args = append(args, a); return fmt.Sprintf("$%d", len(args)) }
	p := s.caller(ctx)
	switch {
	case p == nil || p.CityWide:
	case p.EnterpriseID != 0:
		where = append(where, "c.enterprise_id = "+arg(p.EnterpriseID))
	case p.Staff:
		r, err := s.reach(ctx, p)
		if err != nil {
			return nil, 0, err
		}
		if !r.all {
			d := arg(r.district)
			where = append(where, "(c.from_district = "+d+" OR c.to_district = "+d+")")
		}
	default:
		return nil, 0, apperr.ErrForbidden
	}
	if f.Status != "" {
		where = append(where, "c.status = "+arg(f.Status))
	}
	if f.EnterpriseID != 0 {
		where = append(where, "c.enterprise_id = "+arg(f.EnterpriseID))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM district_change c WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.db.Query(ctx, `SELECT `+changeColumns+` FROM district_change c JOIN enterprise e ON e.id = c.enterprise_id
		WHERE `+cond+` ORDER BY c.created_at DESC, c.id DESC LIMIT `+arg(f.Limit)+` OFFSET `+arg(max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []DistrictChange{}
	for rows.Next() {
		c, err := scanChange(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	return out, total, rows.Err()
}
