package web_test

import (
	"context"
	"fmt"
	"testing"

	"chuhai/internal/casework"
)

// TestODIProjectOpensFromACaseworkRequest follows a Xuhui firm's ODI request, routed to Jing'an's
// ODI point, into a tracked project: the request's page links to the project form, the form takes
// the request's point and enterprise, and the project keeps the request's reference.
func TestODIProjectOpensFromACaseworkRequest(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := caseworkActors(t, e)
		var req casework.Request
		e.casework(t, request{method: "POST", path: "/api/v1/requests", actor: "firm", body: odiRequest}, 201, &req)
		if req.Point.Code != "JA-ODI" {
			t.Fatalf("the request went to %s", req.Point.Code)
		}
		fromRequest := withField(withField(withField(projectJSON, "point", ""), "enterprise_uscc", ""), "request_reference", `"`+req.Ref+`"`)
		post := func(actor, body string) request {
			return request{method: "POST", path: "/api/v1/odi/projects", actor: actor, body: body}
		}
		runScenarios(t, e, []scenario{
			{name: "the request's page links to the project form", req: request{method: "GET", path: "/console/casework/requests/" + req.Ref, actor: "odi"},
				status: 200, contains: []string{`href="/odi/projects/new?request=` + req.Ref + `"`, "为该请求建立 ODI 项目"}},
			{name: "the form takes the request's point and enterprise", req: request{method: "GET", path: "/odi/projects/new?request=" + req.Ref, actor: "odi"},
				status: 200, contains: []string{`value="JA-ODI" selected`, `value="` + req.Ref + `"`, `value="` + f.firm.USCC + `"`}},
			{name: "staff of a point that cannot see the request", req: post("xh", fromRequest), status: 403},
			{name: "an unknown request", req: post("odi", withField(fromRequest, "request_reference", `"JA-ODI-2026-999999"`)), status: 400,
				contains: []string{`"field":"request_reference"`}},
			{name: "opened from the request", req: post("odi", fromRequest), status: 201,
				contains: []string{`"request_reference":"` + req.Ref + `"`, `"point_code":"JA-ODI"`, `"uscc":"` + f.firm.USCC + `"`}},
			{name: "one project per request", req: post("odi", fromRequest), status: 400,
				contains: []string{`"field":"request_reference"`}},
		})
		p, err := e.app.ODI.ProjectForRequest(context.Background(), req.Ref)
		if err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/odi/projects/%d", p.ID)
		runScenarios(t, e, []scenario{
			{name: "the request's link now leads to its project", req: request{method: "GET", path: "/odi/projects/new?request=" + req.Ref, actor: "odi"},
				status: 303, headers: map[string]string{"Location": page}},
			{name: "the project page links back to the request", req: request{method: "GET", path: page, actor: "odi"}, status: 200,
				contains: []string{`href="/console/casework/requests/` + req.Ref + `"`}},
			{name: "the enterprise sees the request's reference, not the staff's page", req: request{method: "GET", path: page, actor: "firm"}, status: 200,
				contains: []string{req.Ref}, absent: []string{`href="/console/casework/requests/`}},
		})
	})
}
