package web

import (
	"net/http"

	"chuhai/internal/auth"
)

// TokenRequest is the body of POST /api/v1/tokens.
type TokenRequest struct {
	Name string `json:"name"`
}

// NewToken is a token just created: the only time its value is shown.
type NewToken struct {
	auth.APIToken
	Token string `json:"token"`
}

// apiTokenCreate creates an API token for the caller.
func (s *Server) apiTokenCreate(w http.ResponseWriter, r *http.Request) error {
	var req TokenRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	t, token, err := s.Auth.IssueAPIToken(r.Context(), info(r).principal.UserID, req.Name)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, NewToken{APIToken: t, Token: token})
}
