package web

import (
	"net/http"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
)

// auditPage is what the audit console page shows.
type auditPage struct {
	Fields    []filterField
	Errors    []filterField // the fields in error, for the summary at the top
	Rows      []auditRowView
	Total     int
	Page      int
	Pages     int
	PrevURL   string
	NextURL   string
	ExportURL string
	Filtered  bool
}

// filterField is one labelled input of the filter form, with its error when it has one.
type filterField struct {
	Name, Label, Type, Value, Error string
}

type auditRowView struct {
	audit.Row
	When string // in Asia/Shanghai
}

// auditList shows the audit log to the city: a filter form, one page of entries newest first, a pager
// and a link exporting everything the filters select.
func (s *Server) auditList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	f := auditFilter(r)
	lang := info(r).lang
	q := auditQuery(f)
	data := auditPage{Page: pg.Page, Filtered: len(q) > 0}
	fieldErrs := map[string]string{}
	if err := f.Validate(); err != nil {
		e, ok := apperr.As(err)
		if !ok {
			return err
		}
		for _, fe := range e.Fields {
			fieldErrs[fe.Name] = s.Cat.T(lang, fe.Key, fe.Args)
		}
	}
	for _, ff := range []filterField{
		{Name: "actor", Label: "audit.f.actor", Type: "text", Value: f.Actor},
		{Name: "action", Label: "audit.f.action", Type: "text", Value: f.Action},
		{Name: "object_type", Label: "audit.f.object_type", Type: "text", Value: f.ObjectType},
		{Name: "object_id", Label: "audit.f.object_id", Type: "text", Value: f.ObjectID},
		{Name: "request_id", Label: "audit.f.request_id", Type: "text", Value: f.RequestID},
		{Name: "from", Label: "audit.f.from", Type: "date", Value: f.From},
		{Name: "to", Label: "audit.f.to", Type: "date", Value: f.To},
	} {
		ff.Error = fieldErrs[ff.Name]
		data.Fields = append(data.Fields, ff)
		if ff.Error != "" {
			data.Errors = append(data.Errors, ff)
		}
	}
	if len(data.Errors) > 0 {
		s.renderStatus(w, r, http.StatusBadRequest, "audit", data, "audit.title")
		return nil
	}
	rows, total, err := audit.List(r.Context(), s.DB, f, pg.Offset(), pg.PerPage)
	if err != nil {
		return err
	}
	data.Total = total
	data.Pages = max(1, (total+pg.PerPage-1)/pg.PerPage)
	for _, row := range rows {
		data.Rows = append(data.Rows, auditRowView{Row: row, When: row.At.In(audit.Shanghai).Format("2006-01-02 15:04:05")})
	}
	link := func(page int) string {
		v := auditQuery(f)
		if page > 1 {
			v.Set("page", itoa(int64(page)))
		}
		if pg.PerPage != defaultPerPage {
			v.Set("per_page", itoa(int64(pg.PerPage)))
		}
		if len(v) == 0 {
			return "/console/audit"
		}
		return "/console/audit?" + v.Encode()
	}
	if pg.Page > 1 {
		data.PrevURL = link(min(pg.Page-1, data.Pages))
	}
	if pg.Page < data.Pages {
		data.NextURL = link(pg.Page + 1)
	}
	data.ExportURL = "/console/audit.csv"
	if len(q) > 0 {
		data.ExportURL += "?" + q.Encode()
	}
	return s.render(w, r, "audit", "audit.title", data)
}
