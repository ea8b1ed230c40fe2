package web

import (
	"fmt"
	"net/http"
	"net/url"

	"chuhai/internal/odi"
)

// odiProjectNew shows the form that opens a tracked project (GET /odi/projects/new); ?request= names
// the casework request it is opened from, whose point and enterprise it takes, or whose project it
// shows when one is open already.
func (s *Server) odiProjectNew(w http.ResponseWriter, r *http.Request) error {
	points, err := s.odiPoints(r.Context(), r)
	if err != nil {
		return err
	}
	f := url.Values{"registration": {odi.Shanghai}}
	if ref := r.URL.Query().Get("request"); ref != "" {
		// A request has one project: staff who follow the request's link again land on it.
		if t, err := s.ODI.ProjectForRequest(r.Context(), ref); err == nil {
			http.Redirect(w, r, fmt.Sprintf("/odi/projects/%d", t.ID), http.StatusSeeOther)
			return nil
		}
		f.Set("request_reference", ref)
		if req, err := s.ODI.RequestInfo(r.Context(), ref); err == nil {
			f.Set("point", req.PointCode)
			f.Set("enterprise_uscc", req.EnterpriseUSCC)
		}
	}
	return s.render(w, r, "odi_project_form", "odi.project.new",
		odiProjectFormPage{Lang: info(r).lang, Form: s.projectForm(r, f, nil, points), NoPoint: len(points) == 0})
}
