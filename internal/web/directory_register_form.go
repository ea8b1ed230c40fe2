package web

import (
	"net/http"
	"strings"

	"chuhai/internal/directory"
)

// registerPage is the sign-up form of an enterprise or a provider, or its confirmation.
type registerPage struct {
	Form     *dirForm
	Done     bool
	Provider bool
	Name     string
}

// registration is what a sign-up form lays out: the profile and the first administrator's account.
func (s *Server) registration(r *http.Request, o *formOptions, provider bool, ein directory.EnterpriseInput, pin directory.ProviderInput,
	login, name string) *dirForm {
	var st *dirForm
	if provider {
		st = s.providerForm(o, pin, 0, 0)
		st.Action = "/register/provider"
	} else {
		st = s.enterpriseForm(o, ein, 0, 0)
		st.Action = "/register/enterprise"
	}
	st.Cancel, st.Submit, st.Note = "/", "directory.register.submit", "directory.register.note"
	pw := o.kind(o.text("password", "auth.field.password", "", 128, true), "password")
	pw.Hint = "directory.hint.password"
	account := fieldGroup{Legend: s.Cat.T(o.lang, "directory.register.account", nil), Fields: []formField{
		o.en(o.text("login", "auth.field.login", login, 64, true)),
		o.text("name", "directory.field.person_name", name, 100, false),
		pw,
	}}
	st.Groups = append(st.Groups, account)
	return st
}

// directoryRegisterForm shows the sign-up form: /register/enterprise or /register/provider.
func (s *Server) directoryRegisterForm(w http.ResponseWriter, r *http.Request) error {
	o, err := s.formOptions(dirCtx(r), info(r).lang)
	if err != nil {
		return err
	}
	provider := strings.HasSuffix(r.URL.Path, "/provider")
	page := registerPage{Provider: provider, Form: s.registration(r, o, provider, directory.EnterpriseInput{}, directory.ProviderInput{}, "", "")}
	return s.render(w, r, "directory_register", registerTitle(provider), page)
}

func registerTitle(provider bool) string {
	if provider {
		return "directory.register.provider_title"
	}
	return "directory.register.enterprise_title"
}
