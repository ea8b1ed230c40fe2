package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"chuhai/internal/apperr"
	"chuhai/internal/db"
)

// Shanghai is the zone people read and filter audit times in. China has kept UTC+8 without daylight
// saving since 1991, so a fixed zone is exact for every entry and needs no tzdata on the server.
var Shanghai = time.FixedZone("Asia/Shanghai", 8*60*60)

// DateLayout is how filter dates are written.
const DateLayout = "2006-01-02"

// maxFilterLen bounds every text filter.
const maxFilterLen = 200

// Filter selects entries; empty fields select everything. Field names in errors are the query
// parameter names web uses: actor, action, object_type, object_id, request_id, from, to.
type Filter struct {
	Actor      string // actor login, exact
	Action     string // action prefix: "network." finds every network action
	ObjectType string
	ObjectID   string
	RequestID  string
	From, To   string // dates (YYYY-MM-DD) in Asia/Shanghai, both inclusive
}

// Validate checks the filter and reports every problem by field.
func (f Filter) Validate() error {
	_, _, err := f.where()
	return err
}

// where builds the WHERE clause and its arguments.
func (f Filter) where() (string, []any, error) {
	var v apperr.Validator
	var conds []string
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		conds = append(conds, strings.ReplaceAll(cond, "$?", fmt.Sprintf("$%d", len(args))))
	}
	for _, c := range []struct{ name, value, cond string }{
		{"actor", f.Actor, "actor_login = $?"},
		{"object_type", f.ObjectType, "object_type = $?"},
		{"object_id", f.ObjectID, "object_id = $?"},
		{"request_id", f.RequestID, "request_id = $?"},
	} {
		if c.value == "" {
			continue
		}
		v.Check(utf8.RuneCountInString(c.value) <= maxFilterLen, c.name, "error.too_long", "Max", maxFilterLen)
		add(c.cond, c.value)
	}
	if f.Action != "" {
		n := utf8.RuneCountInString(f.Action)
		v.Check(n <= maxFilterLen, "action", "error.too_long", "Max", maxFilterLen)
		// A prefix compared with substr rather than LIKE: no wildcards to escape, and the same case
		// sensitivity on both engines.
		args = append(args, n, f.Action)
		conds = append(conds, fmt.Sprintf("substr(action, 1, $%d) = $%d", len(args)-1, len(args)))
	}
	from, fromOK := parseDate(f.From)
	to, toOK := parseDate(f.To)
	v.Check(fromOK, "from", "audit.bad_date")
	v.Check(toOK, "to", "audit.bad_date")
	if fromOK && toOK && !from.IsZero() && !to.IsZero() {
		v.Check(!to.Before(from), "to", "audit.date_order")
	}
	if err := v.Err(); err != nil {
		return "", nil, err
	}
	if !from.IsZero() {
		add("at >= $?", from)
	}
	if !to.IsZero() {
		add("at < $?", to.AddDate(0, 0, 1)) // the whole of the last day
	}
	if len(conds) == 0 {
		return "", nil, nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args, nil
}

// parseDate reads a YYYY-MM-DD date as the start of that day in Shanghai; "" is the zero time.
func parseDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	t, err := time.ParseInLocation(DateLayout, s, Shanghai)
	if err != nil || t.Year() < 2000 || t.Year() > 9999 {
		return time.Time{}, false
	}
	return t, true
}

const rowColumns = `id, at, COALESCE(actor_id, 0), actor_login, request_id, client_ip, action, object_type,
	object_id, detail, alg, prev_hash, hash`

func scanRow(s interface{ Scan(...any) error }) (Row, error) {
	var r Row
	err := s.Scan(&r.ID, &r.At, &r.ActorID, &r.ActorLogin, &r.RequestID, &r.ClientIP, &r.Action, &r.ObjectType,
		&r.ObjectID, &r.Detail, &r.Alg, &r.PrevHash, &r.Hash)
	r.At = r.At.UTC()
	return r, err
}

// List returns one page of the entries f selects, newest first, and how many it selects in all.
func List(ctx context.Context, q db.Querier, f Filter, offset, limit int) ([]Row, int, error) {
	where, args, err := f.where()
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := q.QueryRow(ctx, `SELECT count(*) FROM audit_entry`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count audit entries: %w", err)
	}
	if total == 0 || offset >= total {
		return []Row{}, total, nil
	}
	n := len(args)
	rows, err := q.Query(ctx, fmt.Sprintf(`SELECT %s FROM audit_entry%s ORDER BY id DESC LIMIT $%d OFFSET $%d`,
		rowColumns, where, n+1, n+2), append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list audit entries: %w", err)
	}
	defer rows.Close()
	out := make([]Row, 0, limit)
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// Get returns one entry.
func Get(ctx context.Context, q db.Querier, id int64) (Row, error) {
	r, err := scanRow(q.QueryRow(ctx, `SELECT `+rowColumns+` FROM audit_entry WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Row{}, apperr.NotFound(fmt.Sprintf("audit entry %d", id))
	}
	return r, err
}
