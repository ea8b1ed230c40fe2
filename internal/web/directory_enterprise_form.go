package web

import (
	"net/http"

	"chuhai/internal/directory"
)

// directoryEnterpriseForm shows the window's registration form, or the form editing an enterprise's
// profile (its admins, and staff of its home district).
func (s *Server) directoryEnterpriseForm(w http.ResponseWriter, r *http.Request) error {
	ctx := dirCtx(r)
	o, err := s.formOptions(ctx, info(r).lang)
	if err != nil {
		return err
	}
	if r.PathValue("id") == "" {
		page := formPage{Form: s.enterpriseForm(o, directory.EnterpriseInput{}, 0, 0), Back: "/console/enterprises", BackLabel: "directory.enterprises.title"}
		page.Form.Note = "directory.enterprise.window_note"
		return s.render(w, r, "directory_form", "directory.enterprise.new", page)
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	e, err := s.Directory.EnterpriseByID(ctx, id)
	if err != nil {
		return err
	}
	if err := s.Directory.MayEditEnterprise(ctx, e); err != nil {
		return err
	}
	page := formPage{Form: s.enterpriseForm(o, e.Input(), id, e.Version), Back: "/console/enterprises/" + itoa(id), BackLabel: "directory.enterprise.title"}
	return s.render(w, r, "directory_form", "directory.enterprise.edit", page)
}
