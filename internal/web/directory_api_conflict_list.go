package web

import (
	"net/http"

	"chuhai/internal/directory"
)

// apiConflictList lists a provider's declared conflicts of interest.
func (s *Server) apiConflictList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	cs, err := s.Directory.Conflicts(dirCtx(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[directory.Conflict]{Items: cs, Page: 1, PerPage: len(cs), Total: len(cs)})
}
