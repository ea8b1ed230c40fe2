package web

import "net/http"

// apiPolicyPublish publishes a draft policy.
func (s *Server) apiPolicyPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in versionBody
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.Knowledge.PublishPolicy(r.Context(), id, in.Version)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}
