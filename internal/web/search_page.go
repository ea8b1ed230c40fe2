package web

import (
	"net/http"

	"chuhai/internal/apperr"
	"chuhai/internal/search"
)

// searchView is what the search page shows.
type searchView struct {
	Q, Type, Country, Issuer string
	Searched                 bool
	Error                    string // why the query could not run
	Total                    int
	More                     bool
	Partial                  bool
	Hits                     []searchHitView
	Types                    []facetLink
	Countries                []facetLink
	Issuers                  []facetLink
	Pager                    pager
}

type searchHitView struct {
	search.Hit
	TypeKey   string // catalogue id of the kind
	Countries []nameView
}

// facetLink is a facet value with the link that chooses it (or, when chosen, clears it).
type facetLink struct {
	Label, LabelKey string
	Count           int
	Chosen          bool
	Href            string
}

// searchPage is the page behind the header's search box.
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	req := s.searchRequest(r)
	v := searchView{Q: req.Q, Type: req.Kind, Country: req.Country, Issuer: req.Issuer}
	if req.Q == "" {
		return s.render(w, r, "search", "search.title", v)
	}
	v.Searched = true
	res, err := s.Search.Search(r.Context(), req)
	if err != nil {
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.KindInvalid {
			return err
		}
		lang := info(r).lang
		for _, f := range e.Fields {
			v.Error += s.Cat.T(lang, f.Key, f.Args) + " "
		}
		s.renderStatus(w, r, http.StatusBadRequest, "search", v, "search.title")
		return nil
	}
	ref, err := s.networkRef(r.Context())
	if err != nil {
		return err
	}
	v.Total, v.More, v.Partial = res.Total, res.More, res.Facets.Partial
	for _, h := range res.Hits {
		v.Hits = append(v.Hits, searchHitView{Hit: h, TypeKey: "knowledge.type." + h.Kind, Countries: ref.regionNames(h.Countries)})
	}
	link := func(param, value string, chosen bool) string {
		q := r.URL.Query()
		q.Del("page")
		if chosen {
			q.Del(param)
		} else {
			q.Set(param, value)
		}
		return "/search?" + q.Encode()
	}
	for _, f := range res.Facets.Kinds {
		v.Types = append(v.Types, facetLink{LabelKey: "knowledge.type." + f.Value, Count: f.Count, Chosen: f.Chosen, Href: link("type", f.Value, f.Chosen)})
	}
	lang := info(r).lang
	for _, f := range res.Facets.Countries {
		n := ref.region(f.Value)
		label := n.Zh
		if lang == "en" {
			label = n.En
		}
		v.Countries = append(v.Countries, facetLink{Label: label, Count: f.Count, Chosen: f.Chosen, Href: link("country", f.Value, f.Chosen)})
	}
	for _, f := range res.Facets.Issuers {
		label := f.NameZh
		if lang == "en" && f.NameEn != "" {
			label = f.NameEn
		}
		v.Issuers = append(v.Issuers, facetLink{Label: label, Count: f.Count, Chosen: f.Chosen, Href: link("issuer", f.Value, f.Chosen)})
	}
	v.Pager = newPager(r, Paging{Page: res.Page, PerPage: res.PerPage}, res.Total)
	return s.render(w, r, "search", "search.title", v)
}
