package web

import "net/http"

// apiProgrammeUpdate replaces a programme's rules and terms.
func (s *Server) apiProgrammeUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in programmeUpdate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.Subsidy.UpdateProgramme(r.Context(), id, in.Version, in.ProgrammeInput)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}
