package web

import (
	"net/http"

	"chuhai/internal/subsidy"
)

// apiProgrammeList lists active programmes.
func (s *Server) apiProgrammeList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	ps, total, err := s.Subsidy.ListProgrammes(r.Context(), subsidy.ProgrammeFilter{Owner: q.Get("owner"), Kind: q.Get("kind"),
		Limit: pg.PerPage, Offset: pg.Offset()})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[subsidy.Programme]{Items: nonNilList(ps), Page: pg.Page, PerPage: pg.PerPage, Total: total})
}

func nonNilList[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
