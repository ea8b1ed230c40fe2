package web

import (
	"net/http"

	"chuhai/internal/directory"
)

// apiProviderMatch ranks providers for a need and says why, in the caller's language.
func (s *Server) apiProviderMatch(w http.ResponseWriter, r *http.Request) error {
	var n directory.Need
	if err := decodeJSON(r, &n); err != nil {
		return err
	}
	ctx := dirCtx(r)
	res, err := s.Directory.Match(ctx, n)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.matchViews(ctx, info(r).lang, res))
}
