package web

import (
	"net/http"
	"net/url"
	"strconv"

	"chuhai/internal/auth"
	"chuhai/internal/casework"
	"chuhai/internal/network"
)

type queuePage struct {
	Filter       casework.Filter
	Point        string // the point whose queue this is ("" for coordinators: every point)
	Points       []pointOption
	Topics       []network.Topic
	States       []string
	Urgencies    []string
	Rows         []requestRow
	Total        int
	Page         int
	PrevURL      string
	NextURL      string
	Staff        []auth.User // whom the listed requests may be assigned to
	Invitations  []casework.Invitation
	FilterErrors FormErrors
	Assigned     string // result of a bulk assignment
	Failed       string
	Fail         pageFail
}

// caseworkQueue is a point's queue: its open requests, earliest deadline first, with filters, SLA
// colours and bulk assignment.
func (s *Server) caseworkQueue(w http.ResponseWriter, r *http.Request) error {
	return s.renderQueue(w, r, http.StatusOK, pageFail{})
}

func (s *Server) renderQueue(w http.ResponseWriter, r *http.Request, status int, fail pageFail) error {
	ctx := r.Context()
	p := info(r).principal
	lang := info(r).lang
	q := r.URL.Query()
	pg := queuePage{Filter: requestFilter(r), States: append([]string{"open", "all"}, casework.States...), Urgencies: casework.Urgencies,
		Assigned: q.Get("assigned"), Failed: q.Get("failed"), Fail: fail}
	names, topics, err := s.topicNames(ctx)
	if err != nil {
		return err
	}
	pg.Topics = topics
	if pg.Points, err = s.pointOptions(ctx); err != nil {
		return err
	}
	var pointID int64
	if p.Role.Scope() == auth.ScopePoint {
		pt, err := s.Network.PointByID(ctx, p.PointID)
		if err != nil {
			return err
		}
		pg.Filter.Point, pointID = pt.Code, pt.ID
	} else if pg.Filter.Point != "" {
		if pt, err := s.Network.PointByCode(ctx, pg.Filter.Point); err == nil {
			pointID = pt.ID
		}
	}
	pg.Point = pg.Filter.Point
	paged, perr := paging(r)
	if perr != nil {
		paged = Paging{Page: 1, PerPage: 20}
	}
	pg.Page = paged.Page
	pg.Filter.Limit, pg.Filter.Offset = paged.PerPage, paged.Offset()
	rs, total, err := s.Casework.List(ctx, pg.Filter)
	if perr != nil && err == nil {
		err = perr
	}
	if err != nil {
		fe, st, ok := s.formErrors(w, r, err, "point", "state", "topic", "urgency", "assignee", "sla", "q", "sort", "page", "per_page")
		if !ok {
			return err
		}
		pg.FilterErrors, status = fe, st
	}
	pg.Rows, pg.Total = s.requestRows(lang, names, rs), total
	if pointID != 0 {
		if pg.Staff, err = s.staffOf(ctx, pointID); err != nil {
			return err
		}
	}
	if pg.Invitations, err = s.Casework.PendingInvitations(ctx); err != nil {
		return err
	}
	link := func(n int) string {
		v := url.Values{}
		for _, k := range []string{"point", "state", "topic", "urgency", "assignee", "sla", "q", "sort"} {
			if q.Get(k) != "" {
				v.Set(k, q.Get(k))
			}
		}
		v.Set("page", strconv.Itoa(n))
		return "/console/casework?" + v.Encode()
	}
	if pg.Page > 1 {
		pg.PrevURL = link(pg.Page - 1)
	}
	if pg.Filter.Offset+len(rs) < total {
		pg.NextURL = link(pg.Page + 1)
	}
	s.renderStatus(w, r, status, "casework_queue", pg, "casework.queue.title")
	return nil
}
