package web

import (
	"net/http"

	"chuhai/internal/directory"
)

// apiDistrictChangeRequest asks to move an enterprise's home district.
func (s *Server) apiDistrictChangeRequest(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in directory.DistrictChangeInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.Directory.RequestDistrictChange(dirCtx(r), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}
