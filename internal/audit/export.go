package audit

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"chuhai/internal/apperr"
	"chuhai/internal/db"
)

// CSVColumns names the export's columns in order; callers translate them for the header row.
var CSVColumns = []string{"id", "at", "actor_login", "actor_id", "action", "object_type", "object_id",
	"request_id", "client_ip", "detail", "alg", "hash"}

// MaxExport bounds one export; a larger selection must be narrowed (by dates, say) rather than cut
// short without warning.
const MaxExport = 100_000

// WriteCSV writes the entries f selects, newest first, as CSV for spreadsheets: a UTF-8 byte order
// mark (so Excel reads Chinese correctly), the header row, then one row per entry with times in
// Asia/Shanghai. Cells are neutralised against formula injection. Nothing is written when f is
// invalid or selects more than MaxExport entries.
func WriteCSV(ctx context.Context, q db.Querier, w io.Writer, f Filter, header []string) error {
	if len(header) != len(CSVColumns) {
		return fmt.Errorf("audit csv: %d header cells for %d columns", len(header), len(CSVColumns))
	}
	where, args, err := f.where()
	if err != nil {
		return err
	}
	var total int
	if err := q.QueryRow(ctx, `SELECT count(*) FROM audit_entry`+where, args...).Scan(&total); err != nil {
		return fmt.Errorf("count audit entries: %w", err)
	}
	if total > MaxExport {
		return apperr.New(apperr.KindInvalid, "audit.export_too_many", "Count", total, "Max", MaxExport)
	}
	rows, err := q.Query(ctx, `SELECT `+rowColumns+` FROM audit_entry`+where+` ORDER BY id DESC`, args...)
	if err != nil {
		return fmt.Errorf("export audit entries: %w", err)
	}
	defer rows.Close()
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(neutralise(header)); err != nil {
		return err
	}
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return err
		}
		actor := ""
		if r.ActorID != 0 {
			actor = strconv.FormatInt(r.ActorID, 10)
		}
		rec := []string{strconv.FormatInt(r.ID, 10), r.At.In(Shanghai).Format("2006-01-02 15:04:05"), r.ActorLogin,
			actor, r.Action, r.ObjectType, r.ObjectID, r.RequestID, r.ClientIP, r.Detail, r.Alg, r.Hash}
		if err := cw.Write(neutralise(rec)); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// neutralise prefixes cells that a spreadsheet would run as a formula (starting with = + - @, or a
// tab or carriage return that some programs skip before one) with an apostrophe, as OWASP advises.
func neutralise(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		if c != "" && (c[0] == '=' || c[0] == '+' || c[0] == '-' || c[0] == '@' || c[0] == '\t' || c[0] == '\r') {
			c = "'" + c
		}
		out[i] = c
	}
	return out
}
