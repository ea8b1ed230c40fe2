package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"chuhai/internal/apperr"
)

var (
	errNoRoute          = apperr.ErrNotFound
	errMethodNotAllowed = apperr.Error{Kind: apperr.KindInvalid, Key: "error.method_not_allowed"}
	errForbiddenOrigin  = apperr.Error{Kind: apperr.KindForbidden, Key: "error.forbidden"}
	errSignInRequired   = apperr.ErrUnauthorized
	errNotAllowed       = apperr.ErrForbidden
	errEnrolFirst       = apperr.New(apperr.KindForbidden, "auth.totp.enrol_first")
)

// Problem is an RFC 9457 problem document with field-level errors.
type Problem struct {
	Type      string         `json:"type"`
	Title     string         `json:"title"`
	Status    int            `json:"status"`
	Detail    string         `json:"detail,omitempty"`
	Instance  string         `json:"instance,omitempty"`
	RequestID string         `json:"request_id"`
	Errors    []ProblemField `json:"errors,omitempty"`
}

// ProblemField is one field's message.
type ProblemField struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func statusOf(e *apperr.Error) int {
	switch e.Kind {
	case apperr.KindInvalid:
		if e.Key == "error.method_not_allowed" {
			return http.StatusMethodNotAllowed
		}
		return http.StatusBadRequest
	case apperr.KindNotFound:
		return http.StatusNotFound
	case apperr.KindForbidden:
		return http.StatusForbidden
	case apperr.KindUnauthorized:
		return http.StatusUnauthorized
	case apperr.KindConflict:
		return http.StatusConflict
	case apperr.KindTooLarge:
		return http.StatusRequestEntityTooLarge
	case apperr.KindLocked:
		return http.StatusTooManyRequests
	case apperr.KindUnprocessable:
		return http.StatusUnprocessableEntity
	}
	return http.StatusInternalServerError
}

// fail is the one place errors become responses: a safe, translated message for people, the cause in
// the log with the request id. No handler writes its own 500.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	ri := info(r)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		err = apperr.New(apperr.KindTooLarge, "error.too_large", "Limit", byteSize(mbe.Limit))
	}
	e, ok := apperr.As(err)
	if !ok || e.Kind == apperr.KindInternal {
		s.Log.ErrorContext(r.Context(), "request failed", "request_id", ri.id, "route", ri.route, "error", err.Error())
		e = &apperr.Error{Kind: apperr.KindInternal, Key: "error.internal"}
	}
	status := statusOf(e)
	retryAfter(w, e)
	args := map[string]any{"RequestID": ri.id}
	for k, v := range e.Args {
		args[k] = v
	}
	p := Problem{
		Type:      "about:blank",
		Title:     http.StatusText(status),
		Status:    status,
		Detail:    s.Cat.T(ri.lang, e.Key, args),
		Instance:  r.URL.Path,
		RequestID: ri.id,
	}
	for _, f := range e.Fields {
		p.Errors = append(p.Errors, ProblemField{Field: f.Name, Message: s.Cat.T(ri.lang, f.Key, f.Args)})
	}
	if wantsJSON(r) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.Header().Set("Content-Language", ri.lang)
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(p)
		return
	}
	s.renderStatus(w, r, status, "error", p)
}

// retryAfter tells a locked-out client when to come back.
func retryAfter(w http.ResponseWriter, e *apperr.Error) {
	if secs, ok := e.Args["Seconds"].(int); ok && e.Kind == apperr.KindLocked {
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
}

func wantsJSON(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") ||
		strings.Contains(r.Header.Get("Accept"), "json") && !strings.Contains(r.Header.Get("Accept"), "html")
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return itoa(n>>20) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return itoa(n>>10) + " KiB"
	}
	return itoa(n) + " B"
}
