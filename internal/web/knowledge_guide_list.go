package web

import (
	"net/http"

	"chuhai/internal/knowledge"
)

type guideListView struct {
	Guides  []knowledge.GuideSummary
	CanEdit bool
}

// guideList lists the country guides; editors also see unpublished guides and working copies.
func (s *Server) guideList(w http.ResponseWriter, r *http.Request) error {
	edit := mayEditKnowledge(r)
	gs, err := s.Knowledge.ListGuides(r.Context(), edit)
	if err != nil {
		return err
	}
	return s.render(w, r, "guides", "knowledge.guides.title", guideListView{Guides: gs, CanEdit: edit})
}
