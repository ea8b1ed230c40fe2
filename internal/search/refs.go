package search

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"chuhai/internal/db"
)

// Refs returns the refs of the documents of r.Kind that match r's query and filters, best first, for
// a domain that lists its own records (providers) and wants the index only to narrow them by text,
// filtering, sorting and paging the list itself. It returns every match when there are at most Window,
// otherwise Window of them (title matches first, as Search orders them) and more is true. r.Page,
// r.PerPage and r.Lang are ignored; a kind is required, since refs are unique only within one.
func (ix *Index) Refs(ctx context.Context, r Request) (refs []string, more bool, err error) {
	if r.Kind == "" {
		return nil, false, errors.New("search: Refs needs a kind")
	}
	r.Page, r.PerPage = 1, 1
	terms, err := parseTerms(r.Q)
	if err := errors.Join(err, r.check()); err != nil {
		return nil, false, mergeInvalid(err)
	}
	if len(terms) == 0 {
		return []string{}, false, nil
	}
	r.PerPage = ix.window
	var b backend = sqliteBackend{ix.db, terms, r}
	if ix.db.Dialect() == db.Postgres {
		b = newPostgresBackend(ix.db, terms, r)
	}
	var res Results
	ids, err := ix.rank(ctx, b, r, &res)
	if err != nil {
		return nil, false, fmt.Errorf("search %q: %w", r.Q, err)
	}
	refs, err = ix.refsOf(ctx, ids)
	return refs, res.More, err
}

// refsOf maps document ids to their refs, keeping their order.
func (ix *Index) refsOf(ctx context.Context, ids []int64) ([]string, error) {
	out := make([]string, 0, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	marks := make([]string, len(ids))
	for i, id := range ids {
		args[i], marks[i] = id, fmt.Sprintf("$%d", i+1)
	}
	rows, err := ix.db.Query(ctx, `SELECT id, ref FROM search_doc WHERE id IN (`+strings.Join(marks, ",")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	byID := make(map[int64]string, len(ids))
	for rows.Next() {
		var id int64
		var ref string
		if err := rows.Scan(&id, &ref); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		byID[id] = ref
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	for _, id := range ids {
		if ref, ok := byID[id]; ok {
			out = append(out, ref)
		}
	}
	return out, nil
}
