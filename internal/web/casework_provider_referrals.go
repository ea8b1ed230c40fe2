package web

import (
	"net/http"
	"net/url"
	"strconv"

	"chuhai/internal/casework"
)

type providerReferralsPage struct {
	Referrals   []referralRow
	Engagements []engagementRow
	Total       int
	Page        int
	PrevURL     string
	NextURL     string
	Status      string
	Done        string
	Fail        pageFail
	Today       string
	Scores      []int
	names       topicNames
	lang        string
}

// TopicOf names a topic in the page's language.
func (p providerReferralsPage) TopicOf(code string) string { return p.names.Name(p.lang, code) }

// caseworkProviderReferrals is a provider's referrals, to accept or decline, and its engagements,
// to invoice and complete.
func (s *Server) caseworkProviderReferrals(w http.ResponseWriter, r *http.Request) error {
	return s.renderProviderReferrals(w, r, http.StatusOK, pageFail{})
}

func (s *Server) renderProviderReferrals(w http.ResponseWriter, r *http.Request, status int, fail pageFail) error {
	ctx := r.Context()
	p := info(r).principal
	pg, err := paging(r)
	if err != nil {
		return err
	}
	st := r.URL.Query().Get("status")
	fs, total, err := s.Casework.ProviderReferrals(ctx, p.ProviderID, st, pg.PerPage, pg.Offset())
	if err != nil {
		return err
	}
	names, _, err := s.topicNames(ctx)
	if err != nil {
		return err
	}
	page := providerReferralsPage{Total: total, Page: pg.Page, Status: st, Done: s.doneNotice(r), Fail: fail,
		Today: todayString(), names: names, lang: info(r).lang}
	for _, f := range fs {
		page.Referrals = append(page.Referrals, referralRow{Referral: f, RespondBy: when(&f.RespondBy)})
	}
	es, _, err := s.Casework.Engagements(ctx, casework.EngagementFilter{Status: casework.EngagementActive, Limit: 50})
	if err != nil {
		return err
	}
	for _, e := range es {
		page.Engagements = append(page.Engagements, engagementView(p, casework.Request{}, e))
	}
	link := func(n int) string {
		v := url.Values{"page": {strconv.Itoa(n)}}
		if st != "" {
			v.Set("status", st)
		}
		return "/console/referrals?" + v.Encode()
	}
	if pg.Page > 1 {
		page.PrevURL = link(pg.Page - 1)
	}
	if pg.Offset()+len(fs) < total {
		page.NextURL = link(pg.Page + 1)
	}
	s.renderStatus(w, r, status, "casework_referrals", page, "casework.referrals.title")
	return nil
}
