package web

import (
	"net/http"

	"chuhai/internal/knowledge"
)

type guideDiffView struct {
	knowledge.GuideDiff
	Country   nameView
	Changed   []knowledge.FieldDiff
	Unchanged []knowledge.FieldDiff
	FromWhen  string
	ToWhen    string
	ToDraft   bool
}

// guideDiff shows what changed between two versions of a guide (or the working copy).
func (s *Server) guideDiff(w http.ResponseWriter, r *http.Request) error {
	d, err := s.compareGuide(r)
	if err != nil {
		return err
	}
	ref, err := s.networkRef(r.Context())
	if err != nil {
		return err
	}
	v := guideDiffView{GuideDiff: d, Country: ref.region(d.Country), FromWhen: when(d.From.PublishedAt), ToWhen: when(d.To.PublishedAt),
		ToDraft: d.To.State != knowledge.StatePublished}
	for _, f := range d.Fields {
		if f.Changed {
			v.Changed = append(v.Changed, f)
		} else {
			v.Unchanged = append(v.Unchanged, f)
		}
	}
	return s.render(w, r, "guide_diff", "knowledge.diff.title", v)
}
