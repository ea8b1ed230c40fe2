package web

import "net/http"

// odiProjectShow shows a tracked project: its steps with their clocks, checklists, flags and
// milestones, with forms for staff of its point.
func (s *Server) odiProjectShow(w http.ResponseWriter, r *http.Request) error {
	id, err := projectID(r)
	if err != nil {
		return err
	}
	return s.renderProject(w, r, id, "", nil)
}
