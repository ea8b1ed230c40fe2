// Package apperr is the vocabulary of failures that domain packages return and the web layer
// renders: a kind (not an HTTP status), a message key from the i18n catalogue, and per-field
// messages. The hidden cause is kept for logs and never shown to users.
package apperr

import (
	"errors"
	"fmt"
)

// Kind classifies a failure for the caller; web maps it to a status code.
type Kind int

const (
	KindInternal Kind = iota
	KindInvalid
	KindNotFound
	KindForbidden
	KindUnauthorized
	KindConflict
	KindTooLarge
	KindLocked // e.g. sign-in locked after repeated failures
	// KindUnprocessable: well-formed, but it cannot be processed as sent (e.g. an idempotency key
	// reused for a different request).
	KindUnprocessable
)

// Sentinels to wrap with %w and test with errors.Is.
var (
	ErrNotFound     = &Error{Kind: KindNotFound, Key: "error.not_found"}
	ErrForbidden    = &Error{Kind: KindForbidden, Key: "error.forbidden"}
	ErrUnauthorized = &Error{Kind: KindUnauthorized, Key: "error.unauthorized"}
	ErrConflict     = &Error{Kind: KindConflict, Key: "error.conflict"}
)

// Field is one field's validation message: Key is a catalogue id, Args its template data.
type Field struct {
	Name string         `json:"field"`
	Key  string         `json:"-"`
	Args map[string]any `json:"-"`
}

// Error is a failure that people may see.
type Error struct {
	Kind   Kind
	Key    string         // catalogue id of the summary message
	Args   map[string]any // template data for Key
	Fields []Field
	Cause  error
}

func (e *Error) Error() string {
	msg := e.Key
	for _, f := range e.Fields {
		msg += fmt.Sprintf("; %s: %s", f.Name, f.Key)
	}
	if e.Cause != nil {
		msg += ": " + e.Cause.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Cause }

// Is makes errors.Is(err, ErrNotFound) true for any not-found Error, whatever its key.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrNotFound, ErrForbidden, ErrUnauthorized, ErrConflict:
		return target.(*Error).Kind == e.Kind
	}
	return false
}

// Invalid returns a validation failure listing fields; it has no cause.
func Invalid(fields ...Field) *Error {
	return &Error{Kind: KindInvalid, Key: "error.invalid", Fields: fields}
}

// F builds a Field; args alternate name, value.
func F(name, key string, args ...any) Field {
	return Field{Name: name, Key: key, Args: kv(args)}
}

// New returns an Error of kind with a catalogue key; args alternate name, value.
func New(kind Kind, key string, args ...any) *Error {
	return &Error{Kind: kind, Key: key, Args: kv(args)}
}

// NotFound wraps ErrNotFound with a description of what was missing, for logs.
func NotFound(what string) error { return fmt.Errorf("%s: %w", what, ErrNotFound) }

// Validator collects field errors.
type Validator struct{ fields []Field }

// Add records a failure on a field.
func (v *Validator) Add(name, key string, args ...any) {
	v.fields = append(v.fields, F(name, key, args...))
}

// Check records a failure when ok is false.
func (v *Validator) Check(ok bool, name, key string, args ...any) {
	if !ok {
		v.Add(name, key, args...)
	}
}

// Err returns the collected failures, or nil.
func (v *Validator) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return Invalid(v.fields...)
}

// As extracts an *Error from err.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

func kv(args []any) map[string]any {
	if len(args) == 0 {
		return nil
	}
	m := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		m[fmt.Sprint(args[i])] = args[i+1]
	}
	return m
}
