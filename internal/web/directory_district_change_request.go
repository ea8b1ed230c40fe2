package web

import (
	"net/http"

	"chuhai/internal/apperr"
	"chuhai/internal/directory"
)

// directoryDistrictChangeRequest files a home-district change from the enterprise's profile; errors
// come back on the profile.
func (s *Server) directoryDistrictChangeRequest(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	_, err = s.Directory.RequestDistrictChange(dirCtx(r), id, directory.DistrictChangeInput{ToDistrict: trimmed(f, "to_district"),
		AddressZh: trimmed(f, "address_zh"), Reason: trimmed(f, "reason")})
	if e, ok := apperr.As(err); ok && (e.Kind == apperr.KindInvalid || e.Kind == apperr.KindConflict) {
		page, perr := s.enterprisePage(r, id)
		if perr != nil {
			return perr
		}
		lang := info(r).lang
		if len(e.Fields) == 0 {
			page.ChangeErrors = append(page.ChangeErrors, s.Cat.T(lang, e.Key, e.Args))
		}
		for _, fe := range e.Fields {
			page.ChangeErrors = append(page.ChangeErrors, s.Cat.T(lang, "directory.field."+fe.Name, nil)+": "+s.Cat.T(lang, fe.Key, fe.Args))
		}
		s.renderStatus(w, r, statusOf(e), "directory_enterprise", page, "directory.enterprise.title")
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/console/enterprises/"+itoa(id)+"?saved=1#district-change", http.StatusSeeOther)
	return nil
}
