package web

import (
	"net/http"

	"chuhai/internal/auth"
)

type teamPage struct {
	Users []auth.User
	Self  int64
	Form  *dirForm
	Saved bool
}

// directoryTeamList shows an enterprise's or provider's accounts to its administrators, with the
// form to add one.
func (s *Server) directoryTeamList(w http.ResponseWriter, r *http.Request) error {
	page, err := s.teamPage(r, map[string]string{"role": string(teamOf(info(r).principal).member)})
	if err != nil {
		return err
	}
	page.Saved = r.URL.Query().Get("saved") == "1"
	return s.render(w, r, "directory_team", "directory.team.title", page)
}

func (s *Server) teamPage(r *http.Request, values map[string]string) (*teamPage, error) {
	p := info(r).principal
	t := teamOf(p)
	us, err := s.teamUsers(r.Context(), t)
	if err != nil {
		return nil, err
	}
	lang := info(r).lang
	o := &formOptions{lang: lang}
	pw := o.kind(o.text("password", "auth.field.password", "", 128, true), "password")
	pw.Hint = "directory.hint.password"
	role := o.sel("role", "auth.field.role", []optGroup{{Options: []option{
		{Value: string(t.member), Key: "role." + string(t.member), Selected: values["role"] == string(t.member)},
		{Value: string(t.admin), Key: "role." + string(t.admin), Selected: values["role"] == string(t.admin)}}}}, true)
	form := &dirForm{Action: "/console/team", Cancel: "/console", Submit: "directory.team.add", Groups: []fieldGroup{{Fields: []formField{
		o.en(o.text("login", "auth.field.login", values["login"], 64, true)),
		o.text("name", "directory.field.person_name", values["name"], 100, false),
		pw, role,
	}}}}
	return &teamPage{Users: us, Self: p.UserID, Form: form}, nil
}
