package web

import (
	"net/http"

	"chuhai/internal/network"
)

// apiTopicList lists the topics a service point can handle.
func (s *Server) apiTopicList(w http.ResponseWriter, r *http.Request) error {
	topics, err := s.Network.Topics(r.Context())
	if err != nil {
		return err
	}
	if topics == nil {
		topics = []network.Topic{}
	}
	return writeJSON(w, http.StatusOK, List[network.Topic]{Items: topics, Page: 1, PerPage: len(topics), Total: len(topics)})
}
