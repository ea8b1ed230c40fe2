package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"chuhai/internal/apperr"
)

// decodeJSON reads exactly one JSON value into v, refusing unknown fields, wrong types, trailing
// data and bodies over the route's limit, each with a field-level message.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return apperr.New(apperr.KindInvalid, "error.bad_json", "Detail", "trailing data after the JSON value")
	}
	return nil
}

func jsonError(err error) error {
	var mbe *http.MaxBytesError
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &mbe):
		return err
	case errors.Is(err, io.EOF):
		return apperr.New(apperr.KindInvalid, "error.bad_json", "Detail", "empty body")
	case errors.As(err, &syn):
		return apperr.New(apperr.KindInvalid, "error.bad_json", "Detail", "syntax error at byte "+strconv.FormatInt(syn.Offset, 10))
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "(body)"
		}
		return apperr.Invalid(apperr.F(field, "error.wrong_type", "Type", jsonType(typ.Type)))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return apperr.Invalid(apperr.F(name, "error.unknown_field"))
	}
	return apperr.New(apperr.KindInvalid, "error.bad_json", "Detail", "malformed")
}

func jsonType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	}
	return "object"
}

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// List is the envelope of every paginated list.
type List[T any] struct {
	Items   []T `json:"items"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
	Total   int `json:"total"`
}

const (
	defaultPerPage = 20
	maxPerPage     = 100
)

// Paging is a validated page request.
type Paging struct {
	Page, PerPage int
}

// Offset is the number of rows to skip.
func (p Paging) Offset() int { return (p.Page - 1) * p.PerPage }

// paging reads ?page= and ?per_page= (default 1 and 20, at most 100 a page).
func paging(r *http.Request) (Paging, error) {
	p := Paging{Page: 1, PerPage: defaultPerPage}
	q := r.URL.Query()
	var v apperr.Validator
	if s := q.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		v.Check(err == nil && n >= 1 && n <= 1_000_000, "page", "error.bad_page", "Max", maxPerPage)
		p.Page = n
	}
	if s := q.Get("per_page"); s != "" {
		n, err := strconv.Atoi(s)
		v.Check(err == nil && n >= 1 && n <= maxPerPage, "per_page", "error.bad_page", "Max", maxPerPage)
		p.PerPage = n
	}
	return p, v.Err()
}

// pathID parses a positive int64 path value written canonically (no sign, no leading zeros), so that
// one resource has one URL.
func pathID(r *http.Request, name string) (int64, error) {
	s := r.PathValue(name)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || strconv.FormatInt(n, 10) != s {
		return 0, apperr.Invalid(apperr.F(name, "error.bad_id"))
	}
	return n, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
