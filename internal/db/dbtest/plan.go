package dbtest

import (
	"context"
	"strings"
	"testing"

	"chuhai/internal/db"
)

// Plan returns the plan the engine would choose for query now, one line per plan row (EXPLAIN QUERY
// PLAN on SQLite, EXPLAIN on PostgreSQL), for tests that assert an index is used.
func Plan(t testing.TB, d *db.DB, query string, args ...any) string {
	t.Helper()
	prefix := "EXPLAIN QUERY PLAN "
	if d.Dialect() == db.Postgres {
		prefix = "EXPLAIN "
	}
	rows, err := d.Query(context.Background(), prefix+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var words []string
		for _, v := range vals {
			switch x := v.(type) {
			case string:
				words = append(words, x)
			case []byte:
				words = append(words, string(x))
			}
		}
		lines = append(lines, strings.Join(words, " "))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}
