package web

import (
	"net/http"

	"chuhai/internal/odi"
)

// apiODIAnalytics answers GET /api/v1/odi/analytics.
func (s *Server) apiODIAnalytics(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	a, err := s.ODI.Analytics(r.Context(), odi.AnalyticsFilter{From: q.Get("from"), To: q.Get("to")})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}
