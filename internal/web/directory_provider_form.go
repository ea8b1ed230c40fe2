package web

import (
	"net/http"

	"chuhai/internal/directory"
)

// formPage is a directory form page.
type formPage struct {
	Form            *dirForm
	Back, BackLabel string // the breadcrumb
}

// directoryProviderForm shows the form for a new provider (staff) or for editing one (its admins
// and staff).
func (s *Server) directoryProviderForm(w http.ResponseWriter, r *http.Request) error {
	ctx := dirCtx(r)
	o, err := s.formOptions(ctx, info(r).lang)
	if err != nil {
		return err
	}
	if r.PathValue("id") == "" {
		page := formPage{Form: s.providerForm(o, directory.ProviderInput{}, 0, 0), Back: "/console/providers", BackLabel: "directory.providers.console_title"}
		return s.render(w, r, "directory_form", "directory.provider.new", page)
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Directory.ProviderProfile(ctx, id)
	if err != nil {
		return err
	}
	if err := s.Directory.MayEditProvider(ctx, id); err != nil {
		return err
	}
	page := formPage{Form: s.providerForm(o, p.Input(), id, p.Version), Back: "/providers/" + itoa(id), BackLabel: "directory.provider.title"}
	return s.render(w, r, "directory_form", "directory.provider.edit", page)
}
