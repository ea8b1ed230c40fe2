package web

import (
	"net/http"
	"net/url"
	"strconv"

	"chuhai/internal/auth"
)

// UserRow is one account in the administration list.
type UserRow struct {
	ID          int64
	Login, Name string
	RoleKey     string
	Affiliation *Affiliation
	TOTP        bool
	Disabled    bool
	LastLogin   string
	Self        bool
}

// NewUserForm is the create-user form's values (the password is never sent back).
type NewUserForm struct {
	Login, Name, Role, Point, Enterprise, Provider, Lang string
}

type usersPage struct {
	Q, Role, Status string
	Roles           []auth.Role
	Users           []UserRow
	Page, PerPage   int
	Total           int
	PrevURL         string
	NextURL         string
	Created         string // login of the account just created
	Form            NewUserForm
	Errors          FormErrors // of the create form
	FilterErrors    FormErrors
}

// usersList shows the accounts, filtered and a page at a time, with the form to create one.
func (s *Server) usersList(w http.ResponseWriter, r *http.Request) error {
	page := usersPage{Created: r.URL.Query().Get("created")}
	return s.renderUsers(w, r, http.StatusOK, page)
}

// renderUsers fills in the list around a handler's form state.
func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, page usersPage) error {
	q := r.URL.Query()
	page.Q, page.Role, page.Status, page.Roles = q.Get("q"), q.Get("role"), q.Get("status"), auth.Roles
	pg, err := paging(r)
	if err != nil {
		fe, st, _ := s.formErrors(w, r, err, "page", "per_page")
		page.FilterErrors, status, pg = fe, st, Paging{Page: 1, PerPage: 20}
	}
	page.Page, page.PerPage = pg.Page, pg.PerPage
	users, total, err := s.Auth.ListUsers(r.Context(), auth.UserFilter{Query: page.Q, Role: auth.Role(page.Role), Status: page.Status},
		auth.Page{Limit: pg.PerPage, Offset: pg.Offset()})
	if err != nil {
		fe, st, ok := s.formErrors(w, r, err, "q", "role", "status")
		if !ok {
			return err
		}
		page.FilterErrors, status = fe, st
	}
	page.Total = total
	names := s.affiliations(r.Context())
	me := info(r).principal.UserID
	for _, u := range users {
		af, err := names.of(u.Role, u.PointID, u.EnterpriseID, u.ProviderID)
		if err != nil {
			return err
		}
		page.Users = append(page.Users, UserRow{ID: u.ID, Login: u.Login, Name: u.Name, RoleKey: "role." + string(u.Role),
			Affiliation: af, TOTP: u.TOTPEnabled, Disabled: u.Disabled, LastLogin: when(u.LastLoginAt), Self: u.ID == me})
	}
	link := func(n int) string {
		v := url.Values{}
		for _, k := range []string{"q", "role", "status"} {
			if q.Get(k) != "" {
				v.Set(k, q.Get(k))
			}
		}
		v.Set("page", strconv.Itoa(n))
		if pg.PerPage != 20 {
			v.Set("per_page", strconv.Itoa(pg.PerPage))
		}
		return "/console/users?" + v.Encode()
	}
	if pg.Page > 1 {
		page.PrevURL = link(pg.Page - 1)
	}
	if pg.Offset()+len(users) < total {
		page.NextURL = link(pg.Page + 1)
	}
	s.renderStatus(w, r, status, "users", page, "users.title")
	return nil
}
