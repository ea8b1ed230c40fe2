package web

import (
	"net/http"
	"strconv"
)

// caseworkFeedbackForm records the enterprise's rating of a completed engagement.
func (s *Server) caseworkFeedbackForm(w http.ResponseWriter, r *http.Request) error {
	id, f, ref, err := s.engagementForm(r)
	if err != nil {
		return err
	}
	rating, _ := strconv.Atoi(f.Get("rating"))
	if _, err := s.Casework.Feedback(r.Context(), id, rating, f.Get("comment")); err != nil {
		return s.reshow(w, r, ref, "rate-"+itoa(id), err, "rating", "comment")
	}
	afterForm(w, r, ref, "rate", "engagement-"+itoa(id))
	return nil
}
