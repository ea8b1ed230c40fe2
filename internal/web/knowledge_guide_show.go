package web

import (
	"errors"
	"net/http"
	"net/url"

	"chuhai/internal/apperr"
	"chuhai/internal/knowledge"
)

// guideView is a guide revision laid out for reading, published or working.
type guideView struct {
	knowledge.Revision
	Country     nameView
	Sections    []sectionView
	Latest      int  // the latest published version (0 if none)
	Old         bool // an earlier version than the latest
	Working     bool // the working copy, shown to editors
	Alerts      []knowledge.Alert
	CanEdit     bool
	CanPublish  bool
	HasWorking  string // editors: the state of the working copy, if any
	Published   string
	Saved       bool
	Problem     string // why the last action on the working copy failed
	ProblemList []string
}

type sectionView struct {
	Key  string
	Body bilingual
}

// guideShow shows the latest published version of a guide, or ?version=n.
func (s *Server) guideShow(w http.ResponseWriter, r *http.Request) error {
	country, err := pathCountry(r)
	if err != nil {
		return err
	}
	n, err := queryInt(r, "version")
	if err != nil {
		return err
	}
	latest, err := s.Knowledge.Guide(r.Context(), country)
	if err != nil {
		return err
	}
	g := latest
	if n != 0 && n != latest.Number {
		if g, err = s.Knowledge.GuideVersion(r.Context(), country, n); err != nil {
			return err
		}
	}
	v, err := s.guideView(r, g, latest.Number)
	if err != nil {
		return err
	}
	if v.CanEdit {
		if wc, err := s.Knowledge.WorkingCopy(r.Context(), country); err == nil {
			v.HasWorking = wc.State
		} else if !errors.Is(err, apperr.ErrNotFound) {
			return err
		}
	}
	return s.render(w, r, "guide", "knowledge.guide.title", v)
}

// guideView lays out a revision with the country's name, rendered sections and the country's alerts.
func (s *Server) guideView(r *http.Request, g knowledge.Revision, latest int) (guideView, error) {
	ref, err := s.networkRef(r.Context())
	if err != nil {
		return guideView{}, err
	}
	alerts, err := s.Knowledge.ActiveAlerts(r.Context(), []string{g.Country})
	if err != nil {
		return guideView{}, err
	}
	v := guideView{Revision: g, Country: ref.region(g.Country), Latest: latest, Old: g.State == knowledge.StatePublished && g.Number < latest,
		Working: g.State != knowledge.StatePublished, Alerts: alerts, CanEdit: mayEditKnowledge(r), CanPublish: mayPublishKnowledge(r),
		Published: when(g.PublishedAt)}
	for _, sec := range g.Sections {
		v.Sections = append(v.Sections, sectionView{Key: sec.Key, Body: renderBoth(sec.BodyZh, sec.BodyEn)})
	}
	return v, nil
}

// guidePath is the page of a country's guide.
func guidePath(country, suffix string) string { return "/guides/" + url.PathEscape(country) + suffix }
