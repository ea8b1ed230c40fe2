package web

import "net/http"

// apiPolicyShow returns one policy; a draft only to editors.
func (s *Server) apiPolicyShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Knowledge.Policy(r.Context(), id, mayEditKnowledge(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}
