package web

import (
	"net/http"

	"chuhai/internal/auth"
	"chuhai/internal/directory"
)

type enterprisePage struct {
	Enterprise   directory.Enterprise
	Names        dirNames
	Staff        bool
	CanEdit      bool
	CanDecide    bool
	CanMatch     bool
	IsAdmin      bool
	Changes      []directory.DistrictChange
	Districts    []option
	ChangeErrors []string
	Saved        bool
}

// directoryEnterpriseShow is an enterprise's private profile: its own users and the staff whose
// district it is see it.
func (s *Server) directoryEnterpriseShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	page, err := s.enterprisePage(r, id)
	if err != nil {
		return err
	}
	return s.render(w, r, "directory_enterprise", "directory.enterprise.title", page)
}

func (s *Server) enterprisePage(r *http.Request, id int64) (*enterprisePage, error) {
	ctx := dirCtx(r)
	e, err := s.Directory.EnterpriseByID(ctx, id)
	if err != nil {
		return nil, err
	}
	p := info(r).principal
	page := &enterprisePage{Enterprise: e, Names: s.dirNames(ctx), Staff: p.Staff(), Saved: r.URL.Query().Get("saved") == "1",
		CanEdit: s.Directory.MayEditEnterprise(ctx, e) == nil, CanMatch: p.Role == auth.EnterpriseMember || p.Role == auth.EnterpriseAdmin,
		IsAdmin: p.Role == auth.EnterpriseAdmin}
	page.CanDecide = p.Staff() && e.Status != directory.EnterpriseVerified && s.Directory.MayVerifyEnterprise(ctx, e) == nil
	cs, _, err := s.Directory.ListDistrictChanges(ctx, directory.ChangeFilter{EnterpriseID: id, Limit: 20})
	if err != nil {
		return nil, err
	}
	page.Changes = cs
	ds, err := s.Directory.Districts(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		if d.Code != e.HomeDistrict {
			page.Districts = append(page.Districts, option{Value: d.Code, Zh: d.NameZh, En: d.NameEn})
		}
	}
	return page, nil
}
