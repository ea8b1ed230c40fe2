package web

import (
	"net/http"

	"chuhai/internal/apperr"
)

// guideDraft shows the working copy of a guide to editors, with what can be done with it next.
func (s *Server) guideDraft(w http.ResponseWriter, r *http.Request) error {
	country, err := pathCountry(r)
	if err != nil {
		return err
	}
	return s.renderDraft(w, r, country, http.StatusOK, nil)
}

// renderDraft shows the working copy; failure, when set, is why the last action on it failed.
func (s *Server) renderDraft(w http.ResponseWriter, r *http.Request, country string, status int, failure *apperr.Error) error {
	wc, err := s.Knowledge.WorkingCopy(r.Context(), country)
	if err != nil {
		return err
	}
	latest := 0
	if g, err := s.Knowledge.Guide(r.Context(), country); err == nil {
		latest = g.Number
	}
	v, err := s.guideView(r, wc, latest)
	if err != nil {
		return err
	}
	v.Saved = r.URL.Query().Get("saved") == "1"
	if failure != nil {
		lang := info(r).lang
		v.Problem = s.Cat.T(lang, failure.Key, failure.Args)
		for _, f := range failure.Fields {
			v.ProblemList = append(v.ProblemList, f.Name+": "+s.Cat.T(lang, f.Key, f.Args))
		}
	}
	s.renderStatus(w, r, status, "guide", v, "knowledge.guide.draft_title")
	return nil
}
