package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
)

const auditUsage = "usage: chuhai audit verify [--db DSN] [--anchor ID:HASH]"

func cmdAudit(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return exitError{2, auditUsage}
	}
	var anchor string
	a, _, err := open(ctx, "audit", args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&anchor, "anchor", "", "ID:HASH printed by an earlier run and kept elsewhere; entry ID must still have that hash")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	var anchorID int64
	var anchorHash string
	if anchor != "" {
		id, h, ok := strings.Cut(anchor, ":")
		n, err := strconv.ParseInt(id, 10, 64)
		if !ok || err != nil || n <= 0 || h == "" {
			return exitError{2, "--anchor must be ID:HASH as printed by chuhai audit verify; " + auditUsage}
		}
		anchorID, anchorHash = n, strings.ToLower(h)
	}
	res, err := audit.Verify(ctx, a.DB)
	var b *audit.Break
	if errors.As(err, &b) {
		return exitError{1, fmt.Sprintf("audit log BROKEN at entry %d after %d good entries: %s", b.ID, res.Entries, b.Reason)}
	}
	if err != nil {
		return err
	}
	if anchorID != 0 {
		// An intact chain can still be a rewritten one, checkpoint and all; a hash kept outside the
		// database cannot be rewritten with it.
		row, err := audit.Get(ctx, a.DB, anchorID)
		if errors.Is(err, apperr.ErrNotFound) {
			return exitError{1, fmt.Sprintf("audit log REWRITTEN: anchor entry %d no longer exists", anchorID)}
		}
		if err != nil {
			return err
		}
		if row.Hash != anchorHash {
			return exitError{1, fmt.Sprintf("audit log REWRITTEN: entry %d has hash %s, the anchor says %s", anchorID, row.Hash, anchorHash)}
		}
	}
	// The head is printed as an anchor for a later run (--anchor), to be kept somewhere else: a ticket,
	// a printed report, another system.
	fmt.Fprintf(stdout, "audit log intact: %d entries verified; head is entry %d, hash %s\n", res.Entries, res.LastID, res.LastHash)
	if anchorID != 0 {
		fmt.Fprintf(stdout, "anchor entry %d matches\n", anchorID)
	}
	if res.LastID > 0 {
		fmt.Fprintf(stdout, "anchor for the next run: --anchor %d:%s\n", res.LastID, res.LastHash)
	}
	return nil
}
