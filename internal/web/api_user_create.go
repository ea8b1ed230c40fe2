package web

import (
	"net/http"

	"chuhai/internal/auth"
)

// UserRequest is the body of POST /api/v1/users. The affiliation the role needs is given by id.
type UserRequest struct {
	Login        string    `json:"login"`
	Password     string    `json:"password"`
	Name         string    `json:"name,omitempty"`
	Role         auth.Role `json:"role"`
	PointID      int64     `json:"point_id,omitempty"`
	EnterpriseID int64     `json:"enterprise_id,omitempty"`
	ProviderID   int64     `json:"provider_id,omitempty"`
	Lang         string    `json:"lang,omitempty"`
}

// apiUserCreate creates an account.
func (s *Server) apiUserCreate(w http.ResponseWriter, r *http.Request) error {
	var req UserRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	id, err := s.Auth.CreateUser(r.Context(), auth.NewUser{Login: req.Login, Password: req.Password, Name: req.Name,
		Role: req.Role, PointID: req.PointID, EnterpriseID: req.EnterpriseID, ProviderID: req.ProviderID, Lang: req.Lang})
	if err != nil {
		return err
	}
	u, err := s.Auth.UserByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, u)
}
