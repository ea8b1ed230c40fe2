package audit

import (
	"context"
	"errors"
	"fmt"

	"chuhai/internal/db"
)

// Break describes the first place at which the log no longer holds: the entry that was edited, the one
// that follows deleted entries, or the first of the entries cut off at the end.
type Break struct {
	ID     int64
	Reason string
}

func (b *Break) Error() string { return fmt.Sprintf("audit entry %d: %s", b.ID, b.Reason) }

// Result is what a verification covered: the number of entries checked and the checkpoint they end
// at. Operators who note LastHash somewhere else (a ticket, a printed report) can later prove that
// not even the checkpoint was rewritten.
type Result struct {
	Entries  int
	LastID   int64
	LastHash string
}

// Verify walks the chain in order up to the head checkpoint and returns what it checked and, when the
// log was tampered with, a *Break naming the first entry concerned. Entries written while it runs are
// left for the next run; it never reports them as broken.
func Verify(ctx context.Context, d *db.DB) (Result, error) {
	// Read the checkpoint first: an entry and the checkpoint covering it commit together, so every
	// entry up to h.LastID exists from now on unless someone deletes it.
	h, err := readHead(ctx, d)
	if errors.Is(err, errNoHead) {
		return Result{}, &Break{ID: 1, Reason: "the head checkpoint was deleted"}
	}
	if err != nil {
		return Result{}, err
	}
	res, err := walk(ctx, d, h)
	if err != nil {
		return res, err
	}
	// Entries beyond a checkpoint read after them were not written by Record.
	var newest int64
	if err := d.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM audit_entry`).Scan(&newest); err != nil {
		return res, err
	}
	later, err := readHead(ctx, d)
	if errors.Is(err, errNoHead) {
		return res, &Break{ID: h.LastID + 1, Reason: "the head checkpoint was deleted"}
	}
	if err != nil {
		return res, err
	}
	if newest > later.LastID {
		return res, &Break{ID: later.LastID + 1, Reason: fmt.Sprintf(
			"entries %d to %d are not covered by the head checkpoint (written outside the audit log)", later.LastID+1, newest)}
	}
	return res, nil
}

func walk(ctx context.Context, d *db.DB, h head) (Result, error) {
	rows, err := d.Query(ctx, `SELECT `+rowColumns+` FROM audit_entry WHERE id <= $1 ORDER BY id`, h.LastID)
	if err != nil {
		return Result{}, err
	}
	defer rows.Close()
	var res Result
	var prevID int64
	prevHash := ""
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return res, err
		}
		switch {
		case r.ID != prevID+1:
			return res, &Break{ID: r.ID, Reason: fmt.Sprintf("entries %s before it are missing (deleted or renumbered)", span(prevID+1, r.ID-1))}
		case r.PrevHash != prevHash:
			return res, &Break{ID: r.ID, Reason: fmt.Sprintf("does not follow entry %d: its previous-hash was changed, or entry %d was", prevID, prevID)}
		case !knownAlg(r.Alg):
			return res, &Break{ID: r.ID, Reason: fmt.Sprintf("unknown hash algorithm %q (edited)", r.Alg)}
		case r.digest() != r.Hash:
			return res, &Break{ID: r.ID, Reason: "content does not match its hash (edited)"}
		}
		prevID, prevHash = r.ID, r.Hash
		res.Entries++
		res.LastID, res.LastHash = r.ID, r.Hash
	}
	if err := rows.Err(); err != nil {
		return res, err
	}
	switch {
	case prevID < h.LastID:
		return res, &Break{ID: prevID + 1, Reason: fmt.Sprintf(
			"entries %s were deleted from the end (the head checkpoint records entry %d)", span(prevID+1, h.LastID), h.LastID)}
	case prevHash != h.LastHash:
		return res, &Break{ID: prevID, Reason: "does not match the head checkpoint (edited, or the checkpoint was)"}
	}
	return res, nil
}

func span(from, to int64) string {
	if from == to {
		return fmt.Sprint(from)
	}
	return fmt.Sprintf("%d to %d", from, to)
}
