package web

import (
	"net/http"

	"chuhai/internal/auth"
	"chuhai/internal/directory"
)

type providerPage struct {
	Provider       directory.Provider
	Names          dirNames
	CanEdit        bool
	Transitions    []string // the statuses staff may move it to
	LastEngagement string
	Saved          bool
}

// directoryProviderShow is a provider's public profile; its own users and staff also see it when it
// is not (or no longer) verified.
func (s *Server) directoryProviderShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := dirCtx(r)
	p, err := s.Directory.ProviderProfile(ctx, id)
	if err != nil {
		return err
	}
	u := info(r).principal
	page := providerPage{Provider: p, Names: s.dirNames(ctx), LastEngagement: when(p.Activity.LastEngagementAt),
		CanEdit: u.Staff() || u != nil && u.Role == auth.ProviderAdmin && u.ProviderID == id, Saved: r.URL.Query().Get("saved") == "1"}
	if u.Staff() {
		page.Transitions = directory.ProviderTransitions(p.Status)
	}
	return s.render(w, r, "directory_provider", "directory.provider.title", page)
}
