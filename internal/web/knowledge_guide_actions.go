package web

import (
	"errors"
	"net/http"
	"strconv"

	"chuhai/internal/apperr"
)

// guideAction runs one step of a guide's workflow from the working copy's page: the form sends the
// version it showed. A refusal the editor can act on (incomplete, stale, wrong state) shows the page
// again with the reason; success goes to where the result can be read.
func (s *Server) guideAction(w http.ResponseWriter, r *http.Request, step func(country string, version int, f map[string][]string) (string, error)) error {
	country, err := pathCountry(r)
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	version, err := strconv.Atoi(f.Get("version"))
	if err != nil || version < 1 {
		return apperr.Invalid(apperr.F("version", "network.version.required"))
	}
	next, err := step(country, version, f)
	if err != nil {
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.KindInvalid && e.Kind != apperr.KindConflict {
			return err
		}
		if errors.Is(err, apperr.ErrConflict) && e.Key == "error.conflict" {
			e = &apperr.Error{Kind: apperr.KindConflict, Key: "network.form.conflict"}
		}
		return s.renderDraft(w, r, country, statusOf(e), e)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// guideSubmit sends the draft for review.
func (s *Server) guideSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.guideAction(w, r, func(country string, version int, _ map[string][]string) (string, error) {
		_, err := s.Knowledge.SubmitGuide(r.Context(), country, version)
		return guidePath(country, "/draft"), err
	})
}

// guideReturn sends the revision under review back with the reviewer's note.
func (s *Server) guideReturn(w http.ResponseWriter, r *http.Request) error {
	return s.guideAction(w, r, func(country string, version int, f map[string][]string) (string, error) {
		note := ""
		if v := f["review_note"]; len(v) > 0 {
			note = v[0]
		}
		_, err := s.Knowledge.ReturnGuide(r.Context(), country, version, note)
		return guidePath(country, "/draft"), err
	})
}

// guidePublish publishes the revision under review and shows what changed since the version before.
func (s *Server) guidePublish(w http.ResponseWriter, r *http.Request) error {
	return s.guideAction(w, r, func(country string, version int, _ map[string][]string) (string, error) {
		g, err := s.Knowledge.PublishGuide(r.Context(), country, version)
		if err != nil {
			return "", err
		}
		if g.Number == 1 {
			return guidePath(country, "?published=1"), nil
		}
		return guidePath(country, "/diff?from="+strconv.Itoa(g.Number-1)+"&to="+strconv.Itoa(g.Number)), nil
	})
}

// guideDiscard throws the draft away.
func (s *Server) guideDiscard(w http.ResponseWriter, r *http.Request) error {
	return s.guideAction(w, r, func(country string, version int, _ map[string][]string) (string, error) {
		err := s.Knowledge.DiscardDraft(r.Context(), country, version)
		if _, gerr := s.Knowledge.Guide(r.Context(), country); errors.Is(gerr, apperr.ErrNotFound) {
			return "/guides", err
		}
		return guidePath(country, ""), err
	})
}
