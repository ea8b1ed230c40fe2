package web

import "net/http"

type subsidyProgrammeData struct {
	P     programmeView
	Saved bool
	Today string
}

// subsidyProgrammeShow shows a programme's rules and terms in words.
func (s *Server) subsidyProgrammeShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Subsidy.Programme(r.Context(), id)
	if err != nil {
		return err
	}
	names, err := s.Subsidy.Names(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, "subsidy_programme", "subsidy.programme.title", subsidyProgrammeData{P: s.programmeView(r, p, names),
		Saved: r.URL.Query().Get("saved") == "1"})
}
