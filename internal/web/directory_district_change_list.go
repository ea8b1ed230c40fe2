package web

import (
	"net/http"

	"chuhai/internal/auth"
	"chuhai/internal/directory"
)

type changesPage struct {
	Changes   []directory.DistrictChange
	Names     dirNames
	Statuses  []option
	CanDecide bool
	Pager     pager
}

// directoryDistrictChangeList lists home-district change requests; city coordinators decide them here.
func (s *Server) directoryDistrictChangeList(w http.ResponseWriter, r *http.Request) error {
	ctx := dirCtx(r)
	pg, err := paging(r)
	if err != nil {
		return err
	}
	status := r.URL.Query().Get("status")
	cs, total, err := s.Directory.ListDistrictChanges(ctx, directory.ChangeFilter{Status: status, Limit: pg.PerPage, Offset: pg.Offset()})
	if err != nil {
		return err
	}
	page := changesPage{Changes: cs, Names: s.dirNames(ctx), Pager: newPager(r, pg, total),
		CanDecide: info(r).principal.Role == auth.CityCoordinator}
	for _, st := range directory.ChangeStatuses {
		page.Statuses = append(page.Statuses, option{Value: st, Key: "directory.change.status." + st, Selected: st == status})
	}
	return s.render(w, r, "directory_changes", "directory.changes.title", page)
}
