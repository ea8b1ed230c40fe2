package web

import "net/http"

// usersEnable re-enables a disabled account.
func (s *Server) usersEnable(w http.ResponseWriter, r *http.Request) error {
	return s.setDisabled(w, r, false)
}
