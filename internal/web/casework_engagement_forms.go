package web

import (
	"net/http"
	"net/url"
)

// engagementForm reads the engagement id from the path and the form, and finds the request the
// engagement belongs to (to answer on its page).
func (s *Server) engagementForm(r *http.Request) (int64, url.Values, string, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, "", err
	}
	f, err := readForm(r)
	if err != nil {
		return 0, nil, "", err
	}
	e, err := s.Casework.Engagement(r.Context(), id)
	if err != nil {
		return 0, nil, "", err
	}
	return id, f, e.Ref, nil
}
