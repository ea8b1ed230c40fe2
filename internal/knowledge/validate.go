package knowledge

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"chuhai/internal/apperr"
	"chuhai/internal/network"
)

// Lengths in characters that no honest text exceeds; they keep one record from filling the database.
const (
	maxTitle   = 200
	maxShort   = 1000  // summaries, notes, keywords
	maxSection = 30000 // one section of a guide, in one language
	maxBody    = 200000
	maxURL     = 1000
	maxSources = 30
)

// text checks a free-text field: valid UTF-8, within max characters, present when required.
func text(v *apperr.Validator, field, s string, max int, required bool) {
	switch {
	case !utf8.ValidString(s):
		v.Add(field, "knowledge.bad_text")
	case required && strings.TrimSpace(s) == "":
		v.Add(field, "error.required")
	case utf8.RuneCountInString(s) > max:
		v.Add(field, "error.too_long", "Max", max)
	}
}

// date checks a YYYY-MM-DD field.
func date(v *apperr.Validator, field, s string, required bool) bool {
	if s == "" {
		if required {
			v.Add(field, "error.required")
		}
		return false
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		v.Add(field, "knowledge.bad_date")
		return false
	}
	return true
}

// link checks an optional web address: http or https, absolute.
func link(v *apperr.Validator, field, s string) {
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(s) > maxURL || !utf8.ValidString(s) {
		v.Add(field, "knowledge.bad_url")
	}
}

// region checks that code names a region of kind, adding a field error otherwise.
func (s *Store) region(ctx context.Context, v *apperr.Validator, field, code, kind string) error {
	if code == "" {
		v.Add(field, "error.required")
		return nil
	}
	r, err := s.places.RegionByCode(ctx, code)
	if errors.Is(err, apperr.ErrNotFound) {
		v.Add(field, "knowledge.unknown_"+kind)
		return nil
	}
	if err != nil {
		return err
	}
	if r.Kind != kind {
		v.Add(field, "knowledge.unknown_"+kind)
	}
	return nil
}

// normCode upper-cases and trims a region code as typed.
func normCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// countryKind and districtKind are the network's region kinds knowledge refers to.
const (
	countryKind  = network.RegionCountry
	districtKind = network.RegionDistrict
)
