package web

import "net/http"

// FeedbackRequest is the enterprise's rating of a completed engagement.
type FeedbackRequest struct {
	Rating  int    `json:"rating"`
	Comment string `json:"comment,omitempty"`
}

// apiEngagementFeedback records the enterprise's rating.
func (s *Server) apiEngagementFeedback(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in FeedbackRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	e, err := s.Casework.Feedback(r.Context(), id, in.Rating, in.Comment)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}
