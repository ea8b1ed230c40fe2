package web

import (
	"net/http"
	"net/url"
	"slices"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/directory"
)

type enterpriseListPage struct {
	Q                           url.Values
	Enterprises                 []directory.Enterprise
	Names                       dirNames
	District                    *nameView // a district point's own district: the list is fixed to it
	Districts, Sizes, Countries []option
	Statuses, Sorts             []option
	Industries                  []optGroup
	Pager                       pager
	ExportBase                  string
	Error                       []string
}

// directoryEnterpriseList is the staff's list of enterprises: a district point's own, everyone's for
// the city and the points that serve the whole city.
func (s *Server) directoryEnterpriseList(w http.ResponseWriter, r *http.Request) error {
	ctx := dirCtx(r)
	lang := info(r).lang
	pg, err := paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := enterpriseFilter(q)
	f.Limit, f.Offset = pg.PerPage, pg.Offset()
	page := enterpriseListPage{Q: q, Names: s.dirNames(ctx)}
	if p := info(r).principal; p.Role == auth.PointStaff || p.Role == auth.PointLead {
		pt, err := s.Network.PointByID(r.Context(), p.PointID)
		if err != nil {
			return err
		}
		if pt.Kind == directory.DistrictPoint {
			n := page.Names.Region(pt.RegionCode)
			page.District = &n
		}
	}
	status := http.StatusOK
	es, total, err := s.Directory.ListEnterprises(ctx, f)
	if e, ok := apperr.As(err); ok && e.Kind == apperr.KindInvalid {
		for _, fe := range e.Fields {
			page.Error = append(page.Error, fe.Name+": "+s.Cat.T(lang, fe.Key, fe.Args))
		}
		status = http.StatusBadRequest
	} else if err != nil {
		return err
	}
	page.Enterprises, page.Pager = es, newPager(r, pg, total)
	ref := directory.Ref()
	districts, err := s.Directory.Districts(ctx)
	if err != nil {
		return err
	}
	countries, err := s.Directory.Countries(ctx)
	if err != nil {
		return err
	}
	page.Districts, page.Countries = regionOptions(districts, q.Get("district")), regionOptions(countries, q.Get("market"))
	page.Sizes, page.Industries = choiceOptions(ref.SizeClasses, q.Get("size_class")), industryGroups(q.Get("industry"))
	for _, st := range directory.EnterpriseStatuses {
		page.Statuses = append(page.Statuses, option{Value: st, Key: "directory.enterprise.status." + st, Selected: st == q.Get("status")})
	}
	sorts := []string{"-created", "created", "name", "district", "industry"}
	sort := q.Get("sort")
	if !slices.Contains(sorts, sort) {
		sort = "-created"
	}
	for _, so := range sorts {
		page.Sorts = append(page.Sorts, option{Value: so, Key: "directory.sort." + so, Selected: so == sort})
	}
	exp := url.Values{}
	for _, k := range []string{"q", "district", "industry", "size_class", "ownership", "market", "status", "origin", "sort"} {
		if v := q.Get(k); v != "" {
			exp.Set(k, v)
		}
	}
	page.ExportBase = "/console/enterprises/export?"
	if e := exp.Encode(); e != "" {
		page.ExportBase += e + "&"
	}
	s.renderStatus(w, r, status, "directory_enterprises", page, "directory.enterprises.title")
	return nil
}
