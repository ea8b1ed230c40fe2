package web

import (
	"net/http"

	"chuhai/internal/auth"
)

// SignInRequest is the body of POST /api/v1/sessions.
type SignInRequest struct {
	Login    string `json:"login"`
	Password string `json:"password"`
	TOTP     string `json:"totp,omitempty"` // required when the account has a second factor
}

// SignInResponse carries the new API session's Bearer token, shown this once.
type SignInResponse struct {
	Token string `json:"token"`
	User  Me     `json:"user"`
}

// apiSessionCreate signs in and opens an API session.
func (s *Server) apiSessionCreate(w http.ResponseWriter, r *http.Request) error {
	var req SignInRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	token, p, err := s.Auth.SignIn(r.Context(), req.Login, req.Password, req.TOTP, info(r).clientIP, r.UserAgent(), auth.SessionAPI)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, SignInResponse{Token: token, User: meOf(p)})
}
