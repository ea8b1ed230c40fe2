package web

import "net/http"

// usersDisable disables an account: its sessions end and its API tokens stop working.
func (s *Server) usersDisable(w http.ResponseWriter, r *http.Request) error {
	return s.setDisabled(w, r, true)
}

// setDisabled is shared by disable and enable, which differ only in the flag.
func (s *Server) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Auth.SetDisabled(r.Context(), id, disabled); err != nil {
		return err
	}
	back := localPath(r.PostFormValue("back"))
	if back == "/" {
		back = "/console/users"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
