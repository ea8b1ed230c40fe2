package web

import (
	"net/http"

	"chuhai/internal/directory"
)

// directoryProviderSave creates a provider (POST /console/providers) or replaces its profile (POST
// /console/providers/{id}); a failed save shows the form again with the errors beside the inputs.
func (s *Server) directoryProviderSave(w http.ResponseWriter, r *http.Request) error {
	ctx := dirCtx(r)
	f, err := readForm(r)
	if err != nil {
		return err
	}
	var id int64
	if r.PathValue("id") != "" {
		if id, err = pathID(r, "id"); err != nil {
			return err
		}
	}
	in, err := providerFrom(f)
	version := 0
	var p directory.Provider
	if err == nil {
		if id == 0 {
			p, err = s.Directory.CreateProvider(ctx, in)
		} else if version, err = formVersion(f); err == nil {
			p, err = s.Directory.UpdateProvider(ctx, id, version, in)
		}
	}
	if err != nil {
		o, oerr := s.formOptions(ctx, info(r).lang)
		if oerr != nil {
			return oerr
		}
		page := formPage{Form: s.providerForm(o, in, id, version), Back: "/console/providers", BackLabel: "directory.providers.console_title"}
		status, err := s.dirFormFailure(r, err, page.Form)
		if err != nil {
			return err
		}
		title := "directory.provider.new"
		if id != 0 {
			title = "directory.provider.edit"
		}
		s.renderStatus(w, r, status, "directory_form", page, title)
		return nil
	}
	http.Redirect(w, r, "/providers/"+itoa(p.ID)+"?saved=1", http.StatusSeeOther)
	return nil
}
