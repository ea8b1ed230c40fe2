package web

import (
	"net/http"
	"strconv"

	"chuhai/internal/casework"
)

// apiEngagementCreate records the engagement of an accepted referral.
func (s *Server) apiEngagementCreate(w http.ResponseWriter, r *http.Request) error {
	var in casework.NewEngagement
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	e, err := s.Casework.CreateEngagement(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/engagements/"+strconv.FormatInt(e.ID, 10))
	return writeJSON(w, http.StatusCreated, e)
}
