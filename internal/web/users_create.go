package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
)

// usersCreate creates an account from the administration form. The form names the affiliation the
// way people know it (a point's code, an enterprise's USCC, a provider's number).
func (s *Server) usersCreate(w http.ResponseWriter, r *http.Request) error {
	f := NewUserForm{Login: r.PostFormValue("login"), Name: r.PostFormValue("name"), Role: r.PostFormValue("role"),
		Point: strings.TrimSpace(r.PostFormValue("point")), Enterprise: strings.TrimSpace(r.PostFormValue("enterprise")),
		Provider: strings.TrimSpace(r.PostFormValue("provider")), Lang: r.PostFormValue("lang")}
	nu := auth.NewUser{Login: f.Login, Password: r.PostFormValue("password"), Name: f.Name, Role: auth.Role(f.Role), Lang: f.Lang}
	err := s.resolveAffiliation(r, f, &nu)
	if err == nil {
		_, err = s.Auth.CreateUser(r.Context(), nu)
	}
	if err != nil {
		fe, status, ok := s.formErrors(w, r, err, "login", "name", "role", "password", "lang",
			"point_id=point", "enterprise_id=enterprise", "provider_id=provider", "point", "enterprise", "provider")
		if !ok {
			return err
		}
		return s.renderUsers(w, r, status, usersPage{Form: f, Errors: fe})
	}
	http.Redirect(w, r, "/console/users?created="+url.QueryEscape(auth.NormalizeLogin(f.Login)), http.StatusSeeOther)
	return nil
}

// resolveAffiliation turns the form's point code, USCC and provider number into ids.
func (s *Server) resolveAffiliation(r *http.Request, f NewUserForm, nu *auth.NewUser) error {
	ctx := r.Context()
	var v apperr.Validator
	missing := func(field string, err error) error {
		if errors.Is(err, apperr.ErrNotFound) {
			v.Add(field, "auth.user.scope_not_found")
			return nil
		}
		return err
	}
	if f.Point != "" {
		p, err := s.Network.PointByCode(ctx, f.Point)
		if err := missing("point", err); err != nil {
			return err
		}
		nu.PointID = p.ID
	}
	if f.Enterprise != "" {
		e, err := s.Directory.EnterpriseByUSCC(ctx, f.Enterprise)
		if err := missing("enterprise", err); err != nil {
			return err
		}
		nu.EnterpriseID = e.ID
	}
	if f.Provider != "" {
		id, perr := strconv.ParseInt(f.Provider, 10, 64)
		if perr != nil || id <= 0 {
			v.Add("provider", "error.bad_id")
		} else {
			p, err := s.Directory.ProviderByID(ctx, id)
			if err := missing("provider", err); err != nil {
				return err
			}
			nu.ProviderID = p.ID
		}
	}
	return v.Err()
}
