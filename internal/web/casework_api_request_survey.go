package web

import "net/http"

// SurveyRequest is the enterprise's satisfaction with a closed request.
type SurveyRequest struct {
	Score   int    `json:"score"`
	Comment string `json:"comment,omitempty"`
}

// apiRequestSurvey records the enterprise's satisfaction.
func (s *Server) apiRequestSurvey(w http.ResponseWriter, r *http.Request) error {
	var in SurveyRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	req, err := s.Casework.SubmitSurvey(r.Context(), r.PathValue("ref"), in.Score, in.Comment)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, req)
}
