package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"

	"chuhai/internal/apperr"
	"chuhai/internal/idempotency"
)

// idempotencyHeader names the header with which a client makes a POST safe to retry.
const idempotencyHeader = "Idempotency-Key"

var (
	errIdemKey      = apperr.Invalid(apperr.F(idempotencyHeader, "idempotency.key_invalid", "Max", idempotency.MaxKeyLength))
	errIdemBusy     = apperr.New(apperr.KindConflict, "idempotency.in_progress")
	errIdemMismatch = apperr.New(apperr.KindUnprocessable, "idempotency.mismatch")
	errIdemSecret   = apperr.New(apperr.KindConflict, "idempotency.secret_done")
)

// idempotent runs a POST that carries an Idempotency-Key at most once per caller and key: the first
// request claims the key and its successful response is stored; a retry with the same key and body
// gets that response again (marked Idempotent-Replayed), without running the handler; the same key
// with another body or route is refused (422); a retry while the first is still running is a 409.
// A response that is not a success is not kept, so the client may correct and retry. Routes marked
// Secret (they hand out credentials) keep no body: a retry is told the work was done.
func (s *Server) idempotent(w http.ResponseWriter, r *http.Request, rt Route, handle func(http.ResponseWriter, *http.Request) error) error {
	key := r.Header.Get(idempotencyHeader)
	if !idempotency.ValidKey(key) {
		return errIdemKey
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err // a body over the route's limit: fail answers 413
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	h := sha256.New()
	io.WriteString(h, r.Method+"\n"+r.URL.RequestURI()+"\n"+r.Header.Get("Content-Type")+"\n")
	h.Write(body)
	hash := hex.EncodeToString(h.Sum(nil))

	scope := "anon"
	if p := info(r).principal; p != nil {
		scope = "u:" + strconv.FormatInt(p.UserID, 10)
	}
	route := rt.Method + " " + rt.Pattern
	ctx := r.Context()
	out, stored, err := s.Idempotency.Begin(ctx, scope, key, route, hash)
	if err != nil {
		return err
	}
	switch out {
	case idempotency.Mismatch:
		return errIdemMismatch
	case idempotency.InProgress:
		return errIdemBusy
	case idempotency.Replay:
		if rt.Secret {
			return errIdemSecret
		}
		if stored.ContentType != "" {
			w.Header().Set("Content-Type", stored.ContentType)
		}
		if stored.Location != "" {
			w.Header().Set("Location", stored.Location)
		}
		w.Header().Set("Idempotent-Replayed", "true")
		w.WriteHeader(stored.Status)
		_, _ = w.Write(stored.Body)
		return nil
	}

	rec := &bufferedWriter{header: http.Header{}, status: http.StatusOK}
	r = r.WithContext(idempotency.WithKey(ctx, scope+"|"+key))
	if err := handle(rec, r); err != nil {
		s.fail(rec, r, err)
	}
	if rec.status >= 200 && rec.status < 300 {
		resp := idempotency.Response{Status: rec.status, ContentType: rec.header.Get("Content-Type"), Location: rec.header.Get("Location")}
		if !rt.Secret {
			resp.Body = rec.body.Bytes()
		}
		if err := s.Idempotency.Complete(ctx, scope, key, resp); err != nil {
			// The work is done but its response could not be kept: say so rather than let a retry
			// run it again (the claim stays until its lease runs out).
			s.Log.ErrorContext(ctx, "idempotency complete", "request_id", info(r).id, "error", err.Error())
		}
	} else if err := s.Idempotency.Release(ctx, scope, key); err != nil {
		s.Log.ErrorContext(ctx, "idempotency release", "request_id", info(r).id, "error", err.Error())
	}
	rec.flush(w)
	return nil
}

// bufferedWriter holds a response until the idempotency record has been written, so a client never
// sees a success whose replay would be lost.
type bufferedWriter struct {
	header  http.Header
	status  int
	written bool
	body    bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header { return b.header }

func (b *bufferedWriter) WriteHeader(code int) {
	if !b.written {
		b.status, b.written = code, true
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	b.written = true
	return b.body.Write(p)
}

func (b *bufferedWriter) flush(w http.ResponseWriter) {
	for k, v := range b.header {
		w.Header()[k] = v
	}
	w.WriteHeader(b.status)
	_, _ = w.Write(b.body.Bytes())
}
