package web

import "net/http"

// apiTopicList lists the topics a service point can handle.
func (s *Server) apiTopicList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	topics, err := s.Network.Topics(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, pageOf(topics, pg))
}
