package search

import "chuhai/internal/apperr"

// fieldKey returns the message key err gives field, or "".
func fieldKey(err error, field string) string {
	e, ok := apperr.As(err)
	if !ok {
		return ""
	}
	for _, f := range e.Fields {
		if f.Name == field {
			return f.Key
		}
	}
	return ""
}
