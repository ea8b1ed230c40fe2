package db

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// Bulk writes are for generators of test and benchmark data and for imports: many rows a statement,
// many statements a transaction.

// RowsPerInsert is how many rows of cols columns one multi-row INSERT should carry: PostgreSQL takes
// a few thousand parameters a statement well (its limit is 65,535); SQLite's limit is 32,766, and the
// driver binds each parameter in time that grows with their number, so its statements stay under a
// thousand.
func RowsPerInsert(d Dialect, cols int) int {
	if d == SQLite {
		return max(1, 900/cols)
	}
	return max(1, 20_000/cols)
}

// Values returns a multi-row VALUES list of rows tuples of cols parameters. On SQLite the parameters
// are anonymous (?), not numbered like everywhere else: SQLite looks numbered parameters up by name
// as it parses, in time that grows with their number, which in a statement of hundreds of them
// costs more than the insert.
func Values(d Dialect, rows, cols int) string {
	var b strings.Builder
	b.Grow(rows * cols * 6)
	for r := range rows {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteByte(',')
			}
			if d == SQLite {
				b.WriteByte('?')
			} else {
				b.WriteByte('$')
				b.WriteString(strconv.Itoa(r*cols + c + 1))
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// InsertRows inserts len(args)/len(cols) rows into table inside tx, args holding their values row
// after row, with as few multi-row INSERTs as RowsPerInsert allows.
func InsertRows(ctx context.Context, tx *Tx, table string, cols []string, args []any) error {
	w := len(cols)
	if w == 0 || len(args)%w != 0 {
		return fmt.Errorf("insert into %s: %d values for %d columns", table, len(args), w)
	}
	n, per := len(args)/w, RowsPerInsert(tx.Dialect(), w)
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	full := ""
	for first := 0; first < n; first += per {
		rows := min(per, n-first)
		var q string
		if rows == per {
			// Every full statement has the same text: it is built once.
			if full == "" {
				full = head + Values(tx.Dialect(), rows, w)
			}
			q = full
		} else {
			q = head + Values(tx.Dialect(), rows, w)
		}
		if _, err := tx.Exec(ctx, q, args[first*w:(first+rows)*w]...); err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
	}
	return nil
}
