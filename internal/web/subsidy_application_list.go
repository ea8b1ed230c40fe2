package web

import (
	"net/http"

	"chuhai/internal/subsidy"
)

type subsidyApplicationsData struct {
	Apps       []applicationRow
	Pager      pager
	Filter     subsidy.ApplicationFilter
	Programmes []option
	States     []option
	SLAs       []option
	Queue      bool // staff see a review queue
}

type applicationRow struct {
	subsidy.Application
	Lang string
	Due  string
}

// subsidyApplicationList is an enterprise's applications, or staff's review queue with filters and
// SLA colours, most urgent first.
func (s *Server) subsidyApplicationList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	f, err := applicationFilter(r, pg)
	if err != nil {
		return err
	}
	as, total, err := s.Subsidy.ListApplications(r.Context(), f)
	if err != nil {
		return err
	}
	p := info(r).principal
	lang := info(r).lang
	d := subsidyApplicationsData{Pager: newPager(r, pg, total), Filter: f, Queue: p.Staff()}
	for _, a := range as {
		row := applicationRow{Application: a, Lang: lang}
		if a.DueOn != nil {
			row.Due = a.DueOn.String()
		}
		d.Apps = append(d.Apps, row)
	}
	ps, _, err := s.Subsidy.ListProgrammes(r.Context(), subsidy.ProgrammeFilter{IncludeInactive: true, Limit: 100})
	if err != nil {
		return err
	}
	for _, x := range ps {
		if x.Kind != subsidy.KindVoucher {
			d.Programmes = append(d.Programmes, option{Value: itoa(x.ID), Zh: x.NameZh, En: x.NameEn, Selected: x.ID == f.ProgrammeID})
		}
	}
	for _, st := range subsidy.States {
		d.States = append(d.States, option{Value: st, Key: "subsidy.state." + st, Selected: st == f.State})
	}
	for _, c := range []string{subsidy.SLARed, subsidy.SLAAmber, subsidy.SLAGreen} {
		d.SLAs = append(d.SLAs, option{Value: c, Key: "subsidy.sla." + c, Selected: c == f.SLA})
	}
	title := "subsidy.applications.title"
	if d.Queue {
		title = "subsidy.queue.title"
	}
	return s.render(w, r, "subsidy_applications", title, d)
}
