package web

import (
	"errors"
	"net/http"

	"chuhai/internal/apperr"
)

// parseForm parses the query and a form body: a body over the route's limit becomes 413, a malformed
// one 400, instead of being read as an empty form.
func parseForm(r *http.Request) error {
	err := r.ParseForm()
	if err == nil {
		return nil
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	return apperr.New(apperr.KindInvalid, "error.bad_form")
}
