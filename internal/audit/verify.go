package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"chuhai/internal/db"
)

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// Break describes the first entry at which the chain no longer holds.
type Break struct {
	ID     int64
	Reason string
}

func (b *Break) Error() string { return fmt.Sprintf("audit entry %d: %s", b.ID, b.Reason) }

// Verify walks the whole chain in order and returns the number of entries checked and, when the chain
// is broken, a *Break naming the first entry that was edited, or that follows a deleted one.
func Verify(ctx context.Context, d *db.DB) (int, error) {
	rows, err := d.Query(ctx, `SELECT id, at, COALESCE(actor_id, 0), actor_login, request_id, client_ip, action,
		object_type, object_id, detail, alg, prev_hash, hash FROM audit_entry ORDER BY id`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n, prev := 0, ""
	for rows.Next() {
		var r Row
		if err := rows.Scan(&r.ID, &r.At, &r.ActorID, &r.ActorLogin, &r.RequestID, &r.ClientIP, &r.Action,
			&r.ObjectType, &r.ObjectID, &r.Detail, &r.Alg, &r.PrevHash, &r.Hash); err != nil {
			return n, err
		}
		if r.PrevHash != prev {
			return n, &Break{ID: r.ID, Reason: "does not follow the previous entry (an entry before it was deleted or edited)"}
		}
		if r.Alg != SHA256 && r.Alg != SM3 {
			return n, &Break{ID: r.ID, Reason: "unknown hash algorithm " + r.Alg}
		}
		if r.digest() != r.Hash {
			return n, &Break{ID: r.ID, Reason: "content does not match its hash (edited)"}
		}
		prev = r.Hash
		n++
	}
	return n, rows.Err()
}
