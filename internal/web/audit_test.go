package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"chuhai/internal/audit"
	"chuhai/internal/auth"
	"chuhai/internal/db"
)

// auditItem is an entry as the API returns it.
type auditItem struct {
	ID         int64  `json:"id"`
	ActorLogin string `json:"actor_login"`
	RequestID  string `json:"request_id"`
	Action     string `json:"action"`
	ObjectType string `json:"object_type"`
	ObjectID   string `json:"object_id"`
	Detail     string `json:"detail"`
	Alg        string `json:"alg"`
	Hash       string `json:"hash"`
}

type auditList struct {
	Items   []auditItem `json:"items"`
	Page    int         `json:"page"`
	PerPage int         `json:"per_page"`
	Total   int         `json:"total"`
}

const formulaActor = "=cmd|' /C calc'!A0"

// seedAudit records entries as other parts of the platform would, each in its own transaction.
func seedAudit(t *testing.T, e *env) {
	t.Helper()
	for _, s := range []struct {
		actor, request, action, objID string
	}{
		{"wang", "req-wang-1", "test.audit.alpha", "1"},
		{"wang", "req-wang-2", "test.audit.beta", "2"},
		{"wang", "req-wang-2", "test.audit.beta", "3"},
		{"<script>alert(1)</script>", "req-x", "test.markup", "4"},
		{formulaActor, "req-f", "test.formula", "=1+1"},
	} {
		ctx := audit.WithMeta(context.Background(), audit.Meta{ActorLogin: s.actor, RequestID: s.request, ClientIP: "198.51.100.7"})
		err := e.app.DB.InTx(ctx, func(tx *db.Tx) error {
			return e.app.Audit.Record(ctx, tx, audit.Entry{Action: s.action, ObjectType: "widget", ObjectID: s.objID,
				Detail: map[string]any{"name_zh": "徐汇区服务站"}})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func auditActors(e *env) *env {
	return e.as("coord", auth.NewUser{Role: auth.CityCoordinator}).as("admin", auth.NewUser{Role: auth.SystemAdmin}).
		as("lead", auth.NewUser{Role: auth.PointLead}).as("staff", auth.NewUser{Role: auth.PointStaff}).
		as("firm", auth.NewUser{Role: auth.EnterpriseAdmin}).as("member", auth.NewUser{Role: auth.EnterpriseMember}).
		as("provider", auth.NewUser{Role: auth.ProviderAdmin})
}

// TestAuditIsForTheCityOnly is the access matrix of every audit route.
func TestAuditIsForTheCityOnly(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		auditActors(e)
		seedAudit(t, e)
		var rows []scenario
		for _, path := range []string{"/console/audit", "/console/audit.csv", "/api/v1/audit", "/api/v1/audit/1"} {
			if strings.HasPrefix(path, "/api/") {
				rows = append(rows, scenario{name: "anonymous " + path, req: request{method: "GET", path: path}, status: 401,
					headers: map[string]string{"Content-Type": "application/problem+json"}})
			} else {
				rows = append(rows, scenario{name: "anonymous " + path, req: request{method: "GET", path: path}, status: 303,
					headers: map[string]string{"Location": "/signin?next=" + url.QueryEscape(path)}})
			}
			for _, actor := range []string{"lead", "staff", "firm", "member", "provider"} {
				rows = append(rows, scenario{name: actor + " " + path, req: request{method: "GET", path: path, actor: actor}, status: 403,
					absent: []string{"test.audit.alpha"}})
			}
			for _, actor := range []string{"coord", "admin"} {
				rows = append(rows, scenario{name: actor + " " + path, req: request{method: "GET", path: path, actor: actor}, status: 200})
			}
		}
		runScenarios(t, e, rows)
	})
}

func TestAuditConsolePage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		auditActors(e)
		seedAudit(t, e)
		runScenarios(t, e, []scenario{
			{name: "the page", req: request{method: "GET", path: "/console/audit", actor: "coord"}, status: 200,
				contains: []string{`<h1 id="audit-title">审计日志</h1>`, `<label for="f-actor">`, `<label for="f-from">`,
					`name="from" type="date"`, `<th scope="col">`, "test.audit.alpha", "req-wang-2", "徐汇区服务站",
					`href="/console/audit.csv"`, `class="pager"`, `aria-current="page"`, "198.51.100.7"},
				absent: []string{"<script>alert(1)</script>", `rel="prev"`}},
			{name: "in English", req: request{method: "GET", path: "/console/audit", actor: "coord", header: map[string]string{"Accept-Language": "en"}},
				status: 200, contains: []string{"Audit log", "Actor login", "Export CSV"}},
			{name: "filtered", req: request{method: "GET", path: "/console/audit?actor=wang&action=test.audit.", actor: "coord"}, status: 200,
				contains: []string{"共 3 条记录", "test.audit.alpha", "test.audit.beta", `value="wang"`,
					`href="/console/audit.csv?action=test.audit.&amp;actor=wang"`, `href="/console/audit">清除筛选`},
				absent: []string{"test.markup", "test.formula"}},
			{name: "by request id", req: request{method: "GET", path: "/console/audit?request_id=req-wang-2", actor: "coord"}, status: 200,
				contains: []string{"共 2 条记录", "widget #3", "widget #2"}, absent: []string{"widget #1<"}},
			{name: "nothing matches", req: request{method: "GET", path: "/console/audit?actor=nobody", actor: "coord"}, status: 200,
				contains: []string{"没有符合条件的记录"}, absent: []string{"导出 CSV"}},
			{name: "pages", req: request{method: "GET", path: "/console/audit?action=test.audit.&per_page=1&page=2", actor: "coord"}, status: 200,
				contains: []string{"第 2 页，共 3 页", `href="/console/audit?action=test.audit.&amp;per_page=1" rel="prev"`,
					`href="/console/audit?action=test.audit.&amp;page=3&amp;per_page=1" rel="next"`}},
			{name: "bad dates are shown at their fields", req: request{method: "GET", path: "/console/audit?from=2026-13-01&to=2026-01-01", actor: "coord"},
				status: 400, contains: []string{`role="alert"`, `href="#f-from"`, `aria-invalid="true" aria-describedby="err-from"`,
					`id="err-from"`, "年-月-日", `value="2026-13-01"`}, absent: []string{`aria-describedby="err-to"`, "test.audit.alpha"}},
			{name: "backwards range", req: request{method: "GET", path: "/console/audit?from=2026-03-02&to=2026-03-01", actor: "coord"},
				status: 400, contains: []string{`id="err-to"`, "截止日期不能早于起始日期"}},
			{name: "bad page", req: request{method: "GET", path: "/console/audit?page=0", actor: "coord"}, status: 400},
			{name: "over-long filter", req: request{method: "GET", path: "/console/audit?object_id=" + strings.Repeat("x", 201), actor: "coord"},
				status: 400, contains: []string{`id="err-object_id"`}},
		})
	})
}

func TestAuditAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		auditActors(e)
		seedAudit(t, e)
		var l auditList
		decode(t, e.do(request{method: "GET", path: "/api/v1/audit?actor=wang", actor: "coord"}), &l)
		if l.Total != 3 || len(l.Items) != 3 || l.Page != 1 || l.PerPage != 20 {
			t.Fatalf("list = %+v", l)
		}
		if l.Items[0].ObjectID != "3" || l.Items[2].ObjectID != "1" || l.Items[0].ID <= l.Items[1].ID {
			t.Errorf("not newest first: %+v", l.Items)
		}
		first := l.Items[2]
		if first.Action != "test.audit.alpha" || first.RequestID != "req-wang-1" || first.Alg != audit.SHA256 || len(first.Hash) != 64 ||
			first.Detail != `{"name_zh":"徐汇区服务站"}` {
			t.Errorf("entry = %+v", first)
		}
		decode(t, e.do(request{method: "GET", path: "/api/v1/audit?action=test.audit.&per_page=2&page=2", actor: "admin"}), &l)
		if l.Total != 3 || len(l.Items) != 1 || l.Items[0].ObjectID != "1" || l.Page != 2 || l.PerPage != 2 {
			t.Errorf("page 2 = %+v", l)
		}
		one := strconv.FormatInt(first.ID, 10)
		runScenarios(t, e, []scenario{
			{name: "empty page past the end", req: request{method: "GET", path: "/api/v1/audit?actor=wang&page=9", actor: "coord"}, status: 200,
				contains: []string{`"items":[]`, `"total":3`}},
			{name: "every bad parameter at once", req: request{method: "GET", path: "/api/v1/audit?from=yesterday&to=2026-02-30&page=0&per_page=1000", actor: "coord"},
				status: 400, contains: []string{`"field":"page"`, `"field":"per_page"`, `"field":"from"`, `"field":"to"`},
				headers: map[string]string{"Content-Type": "application/problem+json"}},
			{name: "English problem", req: request{method: "GET", path: "/api/v1/audit?from=x", actor: "coord", header: map[string]string{"Accept-Language": "en"}},
				status: 400, contains: []string{"year-month-day"}},
			{name: "one entry", req: request{method: "GET", path: "/api/v1/audit/" + one, actor: "coord"}, status: 200,
				contains: []string{`"id":` + one + `,`, `"action":"test.audit.alpha"`}},
			{name: "no such entry", req: request{method: "GET", path: "/api/v1/audit/999999", actor: "coord"}, status: 404,
				contains: []string{`"status":404`}},
			{name: "word for an id", req: request{method: "GET", path: "/api/v1/audit/abc", actor: "coord"}, status: 400, contains: []string{`"field":"id"`}},
			{name: "zero id", req: request{method: "GET", path: "/api/v1/audit/0", actor: "coord"}, status: 400, contains: []string{`"field":"id"`}},
			{name: "negative id", req: request{method: "GET", path: "/api/v1/audit/-1", actor: "coord"}, status: 400, contains: []string{`"field":"id"`}},
			{name: "padded id", req: request{method: "GET", path: "/api/v1/audit/00" + one, actor: "coord"}, status: 400, contains: []string{`"field":"id"`}},
			{name: "id past int64", req: request{method: "GET", path: "/api/v1/audit/99999999999999999999", actor: "coord"}, status: 400},
			{name: "read-only", req: request{method: "DELETE", path: "/api/v1/audit/" + one, actor: "coord"}, status: 405,
				headers: map[string]string{"Allow": "GET"}},
		})
	})
}

func TestAuditExport(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		auditActors(e)
		seedAudit(t, e)
		resp := e.do(request{method: "GET", path: "/console/audit.csv?action=test.", actor: "coord"})
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
			!strings.HasPrefix(resp.Header.Get("Content-Disposition"), `attachment; filename="audit-`) {
			t.Fatalf("export: %d %v", resp.StatusCode, resp.Header)
		}
		if !bytes.HasPrefix(body, []byte("\uFEFF")) {
			t.Fatal("no byte order mark for Excel")
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\uFEFF")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 6 || recs[0][0] != "编号" || recs[0][1] != "时间（北京时间）" {
			t.Fatalf("export has %d records; header %q", len(recs), recs[0])
		}
		formula := recs[1] // newest first
		if formula[2] != "'"+formulaActor || formula[6] != "'=1+1" || formula[4] != "test.formula" {
			t.Errorf("formula row not neutralised: %q", formula)
		}
		if recs[5][4] != "test.audit.alpha" || recs[5][9] != `{"name_zh":"徐汇区服务站"}` {
			t.Errorf("oldest row = %q", recs[5])
		}

		// The export is itself in the log, under its own request id.
		var l auditList
		decode(t, e.do(request{method: "GET", path: "/api/v1/audit?request_id=" + resp.Header.Get("X-Request-Id"), actor: "coord"}), &l)
		if l.Total != 1 || l.Items[0].Action != "audit.export" || l.Items[0].ActorLogin != "coord" || l.Items[0].Detail != `{"action":"test."}` {
			t.Fatalf("export entry = %+v", l)
		}

		runScenarios(t, e, []scenario{
			{name: "English header", req: request{method: "GET", path: "/console/audit.csv?actor=wang", actor: "admin",
				header: map[string]string{"Accept-Language": "en"}}, status: 200, contains: []string{"No.,Time (Beijing),Actor"}},
			{name: "invalid filter is an error page, not a download", req: request{method: "GET", path: "/console/audit.csv?to=soon", actor: "coord"},
				status: 400, contains: []string{"<!doctype html>"}, headers: map[string]string{"Content-Disposition": ""}},
		})
		if res, err := audit.Verify(context.Background(), e.app.DB); err != nil || res.Entries == 0 {
			t.Fatalf("the log after all this: %+v, %v", res, err)
		}
	})
}
