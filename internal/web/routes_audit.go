package web

import (
	"net/http"
	"net/url"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
)

// auditRoutes: the audit log is read by the city (coordinators and system administrators) only.
func (s *Server) auditRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/console/audit", Access: Coordinators, Handle: s.auditList},
		{Method: "GET", Pattern: "/console/audit.csv", Access: Coordinators, Handle: s.auditExport},
		{Method: "GET", Pattern: "/api/v1/audit", Access: Coordinators, Handle: s.auditAPIList, API: &APIDoc{
			Summary: "List audit entries, newest first", Tag: "audit", Response: List[audit.Row]{}, Query: auditParams}},
		{Method: "GET", Pattern: "/api/v1/audit/{id}", Access: Coordinators, Handle: s.auditAPIGet, API: &APIDoc{
			Summary: "One audit entry", Tag: "audit", Response: audit.Row{}}},
	}
}

// auditParams are the audit filters, the same on the page, the export and the API.
var auditParams = []Param{
	{Name: "actor", Description: "Login of the user who acted (exact)."},
	{Name: "action", Description: "Action prefix, e.g. network. or network.point.create."},
	{Name: "object_type", Description: "Type of the object acted on, e.g. service_point."},
	{Name: "object_id", Description: "Id of the object acted on."},
	{Name: "request_id", Description: "Request id (X-Request-Id) of the request that acted."},
	{Name: "from", Description: "First day, in Asia/Shanghai (YYYY-MM-DD).", Format: "date"},
	{Name: "to", Description: "Last day, inclusive, in Asia/Shanghai (YYYY-MM-DD).", Format: "date"},
}

// auditFilter reads the filters from the query string.
func auditFilter(r *http.Request) audit.Filter {
	q := r.URL.Query()
	get := func(name string) string { return strings.TrimSpace(q.Get(name)) }
	return audit.Filter{Actor: get("actor"), Action: get("action"), ObjectType: get("object_type"),
		ObjectID: get("object_id"), RequestID: get("request_id"), From: get("from"), To: get("to")}
}

// auditQuery writes f back as a query string (empty filters left out), for pager and export links.
func auditQuery(f audit.Filter) url.Values {
	v := url.Values{}
	for _, kv := range [][2]string{{"actor", f.Actor}, {"action", f.Action}, {"object_type", f.ObjectType},
		{"object_id", f.ObjectID}, {"request_id", f.RequestID}, {"from", f.From}, {"to", f.To}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	return v
}

// joinInvalid merges validation failures into one, so a caller hears about every bad field at once;
// any other error is returned as it is.
func joinInvalid(errs ...error) error {
	var fields []apperr.Field
	for _, err := range errs {
		if err == nil {
			continue
		}
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.KindInvalid || len(e.Fields) == 0 {
			return err
		}
		fields = append(fields, e.Fields...)
	}
	if len(fields) == 0 {
		return nil
	}
	return apperr.Invalid(fields...)
}
