package web

import (
	"net/http"

	"chuhai/internal/auth"
)

// apiTokenList lists the caller's working API tokens (at most auth.MaxTokensPerUser, so one page).
func (s *Server) apiTokenList(w http.ResponseWriter, r *http.Request) error {
	tokens, err := s.Auth.ListAPITokens(r.Context(), info(r).principal.UserID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[auth.APIToken]{Items: tokens, Page: 1, PerPage: auth.MaxTokensPerUser, Total: len(tokens)})
}
