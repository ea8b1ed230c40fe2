package web

import (
	"net/http"
	"net/url"
	"slices"

	"chuhai/internal/apperr"
	"chuhai/internal/directory"
	"chuhai/internal/network"
)

// providerListPage is the provider list, public or the staff's.
type providerListPage struct {
	Q                                     url.Values
	Providers                             []directory.Provider
	Names                                 dirNames
	Categories, Countries, Languages      []option
	Districts, Alliances, Statuses, Sorts []option
	Staff                                 bool
	Pager                                 pager
	ExportBase                            string
	Error                                 []string
}

// directoryProviderList is the public directory of verified providers.
func (s *Server) directoryProviderList(w http.ResponseWriter, r *http.Request) error {
	return s.providerList(w, r, false)
}

// directoryProviderConsoleList is the staff's list of providers in every status.
func (s *Server) directoryProviderConsoleList(w http.ResponseWriter, r *http.Request) error {
	return s.providerList(w, r, true)
}

func (s *Server) providerList(w http.ResponseWriter, r *http.Request, staff bool) error {
	ctx := dirCtx(r)
	lang := info(r).lang
	pg, err := paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := providerFilter(q, !staff)
	f.Limit, f.Offset = pg.PerPage, pg.Offset()
	page := providerListPage{Q: q, Names: s.dirNames(ctx), Staff: staff}
	status := http.StatusOK
	ps, total, err := s.Directory.ListProviders(ctx, f)
	if e, ok := apperr.As(err); ok && e.Kind == apperr.KindInvalid {
		for _, fe := range e.Fields {
			page.Error = append(page.Error, fe.Name+": "+s.Cat.T(lang, fe.Key, fe.Args))
		}
		status, ps = http.StatusBadRequest, nil
	} else if err != nil {
		return err
	}
	page.Providers, page.Pager = ps, newPager(r, pg, total)
	ref := directory.Ref()
	page.Categories = choiceOptions(ref.Categories, q.Get("category"))
	page.Languages = choiceOptions(ref.Languages, q.Get("language"))
	countries, err := s.Directory.Countries(ctx)
	if err != nil {
		return err
	}
	districts, err := s.Directory.Districts(ctx)
	if err != nil {
		return err
	}
	page.Countries, page.Districts = regionOptions(countries, q.Get("country")), regionOptions(districts, q.Get("region"))
	als, _, err := s.Network.ListAlliances(r.Context(), network.AllianceFilter{Limit: 100})
	if err != nil {
		return err
	}
	for _, a := range als {
		page.Alliances = append(page.Alliances, option{Value: a.Code, Zh: a.NameZh, En: a.NameEn, Selected: a.Code == q.Get("alliance")})
	}
	for _, st := range directory.ProviderStatuses {
		page.Statuses = append(page.Statuses, option{Value: st, Key: "directory.provider.status." + st, Selected: st == q.Get("status")})
	}
	sorts := []string{"name", "rating", "engagements", "recent", "-created"}
	sort := q.Get("sort")
	if !slices.Contains(sorts, sort) {
		sort = "name"
	}
	for _, so := range sorts {
		page.Sorts = append(page.Sorts, option{Value: so, Key: "directory.sort." + so, Selected: so == sort})
	}
	exp := url.Values{}
	for _, k := range []string{"q", "category", "country", "language", "region", "alliance", "status", "sort"} {
		if v := q.Get(k); v != "" {
			exp.Set(k, v)
		}
	}
	page.ExportBase = "/providers/export?"
	if staff {
		page.ExportBase = "/console/providers/export?"
	}
	if e := exp.Encode(); e != "" {
		page.ExportBase += e + "&"
	}
	title := "directory.providers.title"
	if staff {
		title = "directory.providers.console_title"
	}
	s.renderStatus(w, r, status, "directory_providers", page, title)
	return nil
}
