package web

import (
	"net/http"
	"strings"
	"time"

	"chuhai/internal/apperr"
)

// FormErrors is what a form shows after a failed submit: a summary at the top, and messages next to
// the inputs they concern.
type FormErrors struct {
	Summary string
	Fields  map[string]string // input name → message
	Other   []string          // messages about fields the form has no input for
}

// formErrors turns a failure into a form's messages and the status to answer with. inputs names the
// form's inputs; "point_id=point" shows the error of field point_id at input point. ok is false for
// failures that are not the user's to fix, which the caller hands to fail.
func (s *Server) formErrors(w http.ResponseWriter, r *http.Request, err error, inputs ...string) (FormErrors, int, bool) {
	e, ok := apperr.As(err)
	if !ok || e.Kind == apperr.KindInternal {
		return FormErrors{}, 0, false
	}
	lang := info(r).lang
	retryAfter(w, e)
	fe := FormErrors{Summary: s.Cat.T(lang, e.Key, e.Args), Fields: map[string]string{}}
	rename := map[string]string{}
	for _, in := range inputs {
		field, input, found := strings.Cut(in, "=")
		if !found {
			input = field
		}
		rename[field] = input
	}
	for _, f := range e.Fields {
		msg := s.Cat.T(lang, f.Key, f.Args)
		input, known := rename[f.Name]
		if !known {
			fe.Other = append(fe.Other, msg)
			continue
		}
		if prev, dup := fe.Fields[input]; dup {
			msg = prev + " " + msg
		}
		fe.Fields[input] = msg
	}
	return fe, statusOf(e), true
}

// shanghai is the zone times are shown in: China has one time zone and no daylight saving.
var shanghai = time.FixedZone("CST", 8*3600)

// when formats a time for people, or "" for none.
func when(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.In(shanghai).Format("2006-01-02 15:04")
}
