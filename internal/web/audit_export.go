package web

import (
	"net/http"
	"time"

	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// auditExport downloads, as CSV, every audit entry the filters select. The export is itself recorded:
// who took a copy of the log, and of which part, is for the log to say.
func (s *Server) auditExport(w http.ResponseWriter, r *http.Request) error {
	f := auditFilter(r)
	if err := f.Validate(); err != nil {
		return err
	}
	lang := info(r).lang
	header := make([]string, len(audit.CSVColumns))
	for i, c := range audit.CSVColumns {
		header[i] = s.Cat.T(lang, "audit.col."+c, nil)
	}
	detail := map[string]any{}
	for k, v := range auditQuery(f) {
		detail[k] = v[0]
	}
	err := s.DB.InTx(r.Context(), func(tx *db.Tx) error {
		return s.Audit.Record(r.Context(), tx, audit.Entry{Action: "audit.export", ObjectType: "audit_log", Detail: detail})
	})
	if err != nil {
		return err
	}
	name := "audit-" + time.Now().In(audit.Shanghai).Format("20060102-150405") + ".csv"
	out := &downloadWriter{w: w, contentType: "text/csv; charset=utf-8", filename: name}
	if err := audit.WriteCSV(r.Context(), s.DB, out, f, header); err != nil {
		if !out.started {
			return err
		}
		// Half a file must not pass for a whole one: break the response off so the download fails.
		s.Log.ErrorContext(r.Context(), "audit export failed midway", "request_id", info(r).id, "error", err.Error())
		panic(http.ErrAbortHandler)
	}
	return nil
}

// downloadWriter sets the download headers with the first byte, so an error found before any output
// can still be answered with an ordinary error page.
type downloadWriter struct {
	w                     http.ResponseWriter
	contentType, filename string
	started               bool
}

func (d *downloadWriter) Write(p []byte) (int, error) {
	if !d.started {
		d.started = true
		h := d.w.Header()
		h.Set("Content-Type", d.contentType)
		h.Set("Content-Disposition", `attachment; filename="`+d.filename+`"`)
		h.Set("Cache-Control", "no-store")
	}
	return d.w.Write(p)
}
