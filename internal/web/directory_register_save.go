package web

import (
	"context"
	"net/http"
	"strings"

	"chuhai/internal/auth"
	"chuhai/internal/directory"
)

// directoryRegisterSave signs an enterprise or a provider up: its record waits, pending, for
// verification (an enterprise by its home district's point, a provider by staff), and its first
// administrator can sign in at once.
func (s *Server) directoryRegisterSave(w http.ResponseWriter, r *http.Request) error {
	ctx := dirCtx(r)
	f, err := readForm(r)
	if err != nil {
		return err
	}
	provider := strings.HasSuffix(r.URL.Path, "/provider")
	login, name, password := trimmed(f, "login"), trimmed(f, "name"), f.Get("password")
	lang := info(r).lang
	account := func(role auth.Role, enterpriseID, providerID int64) error {
		_, err := s.Auth.CreateUser(ctx, auth.NewUser{Login: login, Password: password, Name: name, Role: role,
			EnterpriseID: enterpriseID, ProviderID: providerID, Lang: lang})
		return err
	}
	var ein directory.EnterpriseInput
	var pin directory.ProviderInput
	page := registerPage{Provider: provider}
	if provider {
		if pin, err = providerFrom(f); err == nil {
			var p directory.Provider
			p, err = s.Directory.RegisterProvider(ctx, pin, func(ctx context.Context, id int64) error { return account(auth.ProviderAdmin, 0, id) })
			page.Name = p.NameZh
		}
	} else {
		ein = enterpriseFrom(f)
		var e directory.Enterprise
		e, err = s.Directory.RegisterEnterprise(ctx, ein, func(ctx context.Context, id int64) error { return account(auth.EnterpriseAdmin, id, 0) })
		page.Name = e.NameZh
	}
	if err != nil {
		o, oerr := s.formOptions(ctx, lang)
		if oerr != nil {
			return oerr
		}
		page.Form = s.registration(r, o, provider, ein, pin, login, name)
		status, err := s.dirFormFailure(r, err, page.Form)
		if err != nil {
			return err
		}
		s.renderStatus(w, r, status, "directory_register", page, registerTitle(provider))
		return nil
	}
	page.Done = true
	return s.render(w, r, "directory_register", registerTitle(provider), page)
}
