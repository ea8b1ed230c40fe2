package web

import (
	"net/http"

	"chuhai/internal/knowledge"
)

type guideVersionsView struct {
	Country  nameView
	Code     string
	Title    string
	TitleEn  string
	Versions []versionRow
	From, To int
}

type versionRow struct {
	knowledge.Revision
	When string
}

// guideVersions lists the published versions of a guide with a form to compare any two.
func (s *Server) guideVersions(w http.ResponseWriter, r *http.Request) error {
	country, err := pathCountry(r)
	if err != nil {
		return err
	}
	g, err := s.Knowledge.Guide(r.Context(), country)
	if err != nil {
		return err
	}
	vs, err := s.Knowledge.GuideVersions(r.Context(), country)
	if err != nil {
		return err
	}
	ref, err := s.networkRef(r.Context())
	if err != nil {
		return err
	}
	v := guideVersionsView{Country: ref.region(country), Code: country, Title: g.TitleZh, TitleEn: g.TitleEn, To: g.Number, From: max(1, g.Number-1)}
	for _, x := range vs {
		v.Versions = append(v.Versions, versionRow{Revision: x, When: when(x.PublishedAt)})
	}
	return s.render(w, r, "guide_versions", "knowledge.versions.title", v)
}
