package web

import (
	"net/http"

	"chuhai/internal/directory"
)

// directoryEnterpriseSave registers an enterprise at a window (POST /console/enterprises) or replaces
// its profile (POST /console/enterprises/{id}); a failed save shows the form again with the errors
// beside the inputs.
func (s *Server) directoryEnterpriseSave(w http.ResponseWriter, r *http.Request) error {
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
	in := enterpriseFrom(f)
	version := 0
	var e directory.Enterprise
	if id == 0 {
		e, err = s.Directory.CreateEnterprise(ctx, in)
	} else if version, err = formVersion(f); err == nil {
		e, err = s.Directory.UpdateEnterprise(ctx, id, version, in)
	}
	if err != nil {
		o, oerr := s.formOptions(ctx, info(r).lang)
		if oerr != nil {
			return oerr
		}
		page := formPage{Form: s.enterpriseForm(o, in, id, version), Back: "/console/enterprises", BackLabel: "directory.enterprises.title"}
		status, err := s.dirFormFailure(r, err, page.Form)
		if err != nil {
			return err
		}
		title := "directory.enterprise.new"
		if id != 0 {
			title = "directory.enterprise.edit"
		}
		s.renderStatus(w, r, status, "directory_form", page, title)
		return nil
	}
	http.Redirect(w, r, "/console/enterprises/"+itoa(e.ID)+"?saved=1", http.StatusSeeOther)
	return nil
}
