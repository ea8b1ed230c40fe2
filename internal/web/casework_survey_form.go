package web

import (
	"net/http"
	"strconv"
)

// caseworkSurveyForm records the enterprise's satisfaction with its closed request.
func (s *Server) caseworkSurveyForm(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	ref := r.PathValue("ref")
	score, _ := strconv.Atoi(f.Get("score"))
	if _, err := s.Casework.SubmitSurvey(r.Context(), ref, score, f.Get("comment")); err != nil {
		return s.reshow(w, r, ref, "survey", err, "score", "comment")
	}
	afterForm(w, r, ref, "survey", "survey")
	return nil
}
