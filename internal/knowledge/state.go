package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"chuhai/internal/apperr"
	"chuhai/internal/db"
)

// lockRow reads the state and version of one row of table (alert or policy) for a change, locking it
// on PostgreSQL (SQLite's write transaction already excludes other writers) and refusing a stale
// version. table is always one of this package's constants, never input.
func lockRow(ctx context.Context, tx *db.Tx, table string, id int64, version int) (string, error) {
	lock := ""
	if tx.Dialect() == db.Postgres {
		lock = " FOR UPDATE"
	}
	var state string
	var current int
	err := tx.QueryRow(ctx, `SELECT state, version FROM `+table+` WHERE id = $1`+lock, id).Scan(&state, &current)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.NotFound(fmt.Sprintf("%s %d", table, id))
	}
	if err != nil {
		return "", err
	}
	if current != version {
		return "", apperr.ErrConflict
	}
	return state, nil
}

// flipState moves a row of table from one publication state to the other, at version, stamping
// published_at when it is published (and clearing it when withdrawn).
func (s *Store) flipState(ctx context.Context, tx *db.Tx, table string, id int64, version int, from, to string) error {
	state, err := lockRow(ctx, tx, table, id, version)
	if err != nil {
		return err
	}
	if state != from {
		return apperr.New(apperr.KindConflict, "knowledge."+table+"_not_"+from)
	}
	now := s.now()
	var published any
	if to == StatePublished {
		published = now
	}
	_, err = tx.Exec(ctx, `UPDATE `+table+` SET state = $1, published_at = $2, version = version + 1, updated_at = $3 WHERE id = $4`,
		to, published, now, id)
	return err
}
