package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"

	"chuhai/internal/odi"
)

// projectForm is the journey as the project form posts it.
func projectForm() url.Values {
	v := plantForm()
	v.Set("point", "JA-ODI")
	v.Set("enterprise_uscc", "91310000MA1FL4B24G")
	v.Set("title", "越南海防精密零部件工厂")
	v["financing"] = []string{"own_funds", "domestic_loan"}
	return v
}

func TestODIProjectPages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		odiWorld(t, e)
		form := func(actor, path, body string) request {
			return request{method: "POST", path: path, actor: actor, body: body}
		}
		runScenarios(t, e, []scenario{
			{name: "the new-project form offers the user's ODI point", req: request{method: "GET", path: "/odi/projects/new?request=JA-ODI-2026-000001", actor: "ja"},
				status: 200, contains: []string{"<h1>新建 ODI 项目</h1>", `value="JA-ODI" selected`, `value="JA-ODI-2026-000001"`, `name="enterprise_uscc"`, `name="financing"`}},
			{name: "a point without ODI capability is told so", req: request{method: "GET", path: "/odi/projects/new", actor: "xh"}, status: 200,
				contains: []string{"未开通境外投资（ODI）咨询"}, absent: []string{`value="JA-ODI"`}},
			{name: "enterprises may not open projects", req: request{method: "GET", path: "/odi/projects/new", actor: "firm"}, status: 403},
			{name: "anonymous visitors are sent to sign in", req: request{method: "GET", path: "/odi/projects"}, status: 303},
			{name: "form errors beside their fields", req: form("ja", "/odi/projects", formWith(projectForm(), "title", "", "total_usd", "many", "enterprise_uscc", "913100")),
				status: 400, contains: []string{`id="e-title"`, `id="e-total_usd"`, `id="e-enterprise_uscc"`, "请更正以下内容", `value="many"`}},
			{name: "Chinese side above the total, in dollars", req: form("ja", "/odi/projects", formWith(projectForm(), "chinese_usd", "400,000,000")), status: 400,
				contains: []string{`id="e-chinese_usd"`}},
			{name: "financing contradicting the answers", req: form("ja", "/odi/projects", formWith(projectForm(), "domestic_input", "0", "via_overseas_subsidiary", "1")),
				status: 400, contains: []string{`id="e-financing"`}},
			{name: "another point cannot open at Jing'an", req: form("xh", "/odi/projects", projectForm().Encode()), status: 403},
			{name: "opened from the request", req: form("ja", "/odi/projects", projectForm().Encode()), status: 303},
		})
		p, err := e.app.ODI.ProjectByReference(context.Background(), "ODI-JA-ODI-"+thisYear()+"-000001")
		if err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/odi/projects/%d", p.ID)
		submitted, accepted := workdaysAgo(t, e, 3), workdaysAgo(t, e, 2)
		ndrc := p.Step(odi.RegimeNDRC)
		stepForm := func(kv ...string) string {
			v := url.Values{"version": {fmt.Sprint(ndrc.Version)}, "submitted_on": {submitted}, "accepted_on": {accepted},
				"pause_requested_on": {""}, "pause_resumed_on": {""}, "pause_note": {""}}
			return formWith(v, kv...)
		}
		doc := ndrc.Documents[0]
		runScenarios(t, e, []scenario{
			{name: "the list", req: request{method: "GET", path: "/odi/projects", actor: "ja"}, status: 200,
				contains: []string{p.Reference, "越南海防精密零部件工厂", "上海示例精密制造有限公司", "发展改革部门（NDRC） · 备案", "尚未提交"}},
			{name: "the list for another point is empty", req: request{method: "GET", path: "/odi/projects", actor: "xh"}, status: 200,
				contains: []string{"暂无项目"}, absent: []string{p.Reference}},
			{name: "the list with a bad filter", req: request{method: "GET", path: "/odi/projects?status=lost", actor: "ja"}, status: 400},
			{name: "the project page", req: request{method: "GET", path: page, actor: "ja"}, status: 200,
				contains: []string{p.Reference, `id="step-ndrc"`, "国家发展和改革委员会", "上海市商务委员会", "7 个工作日", "尚未提交",
					`action="/odi/projects/` + fmt.Sprint(p.ID) + `/steps/ndrc"`, "境外投资项目备案表", "敏感性判断", "人民币 248500万元"}},
			{name: "the enterprise sees its project but no forms", req: request{method: "GET", path: page, actor: "firm"}, status: 200,
				contains: []string{p.Reference, `enctype="multipart/form-data"`}, absent: []string{"/steps/ndrc\"", "保存敏感性判断"}},
			{name: "another enterprise may not", req: request{method: "GET", path: page, actor: "other"}, status: 403},
			{name: "another point may not", req: request{method: "GET", path: page, actor: "xh"}, status: 403},
			{name: "a missing project", req: request{method: "GET", path: "/odi/projects/999999", actor: "ja"}, status: 404},

			// The first step's dates, and the clock.
			{name: "dates out of order come back on the step's form", req: form("ja", page+"/steps/ndrc", stepForm("accepted_on", workdaysAgo(t, e, 5))), status: 400,
				contains: []string{`id="e-step-ndrc-accepted_on"`, "不能早于提交日期", `href="#f-step-ndrc-accepted_on"`}},
			{name: "a request for documents answered before it was made", req: form("ja", page+"/steps/ndrc",
				stepForm("pause_requested_on", accepted, "pause_resumed_on", submitted)), status: 400, contains: []string{"不能早于要求补充材料的日期"}},
			{name: "a bad extension", req: form("ja", page+"/steps/ndrc", stepForm("extended_workdays", "lots")), status: 400,
				contains: []string{"延长时限应为 0 至 0 个工作日"}},
			{name: "an unknown step", req: form("ja", page+"/steps/bank", stepForm()), status: 404},
			{name: "the enterprise may not record dates", req: form("firm", page+"/steps/ndrc", stepForm()), status: 403},
			{name: "dates saved", req: form("ja", page+"/steps/ndrc", stepForm()), status: 303},
			{name: "the clock", req: request{method: "GET", path: page, actor: "ja"}, status: 200,
				contains: []string{`data-phase="running" data-used="2" data-left="5"`, "已用 2 个工作日（时限 7 个）", "剩余 5 个", "届满"}},
			{name: "a stale form", req: form("ja", page+"/steps/ndrc", stepForm()), status: 409, contains: []string{"已有他人保存"}},
			{name: "the clock in English", req: request{method: "GET", path: page + "?lang=en", actor: "ja"}, status: 200,
				contains: []string{"2 of 7 working days used", "5 left", "Clock running", "Development and reform (NDRC) · Filing", "Record dates"}},
			{name: "the list in English", req: request{method: "GET", path: "/odi/projects?lang=en", actor: "ja"}, status: 200,
				contains: []string{"ODI projects", "2 of 7 working days used", "In progress"}},

			// Sensitivity, milestones, documents.
			{name: "an override needs a reason", req: form("ja", page+"/overrides", "version=1&choice_mofcom_industry=sensitive&reason_mofcom_industry="), status: 400,
				contains: []string{"调整敏感性判定须写明理由", `href="#f-overrides-reason-mofcom_industry"`, `id="f-overrides-reason-mofcom_industry"`}},
			{name: "an override saved", req: form("ja", page+"/overrides", "version=1&choice_mofcom_industry=sensitive&reason_mofcom_industry="+url.QueryEscape("出口管制零部件")), status: 303},
			{name: "milestones in the future", req: form("ja", page+"/milestones", "version=2&started_on=2999-01-01"), status: 400,
				contains: []string{`id="e-milestones-started_on"`}},
			{name: "milestones without a version", req: form("ja", page+"/milestones", "started_on=2026-01-01"), status: 400},
			{name: "a document rejected without a note", req: form("ja", fmt.Sprintf("%s/documents/%d", page, doc.ID), "version=1&status=rejected"), status: 400,
				contains: []string{"请说明需要更正的内容"}},
			{name: "a document reviewed", req: form("ja", fmt.Sprintf("%s/documents/%d", page, doc.ID), "version=1&status=accepted"), status: 303},
			{name: "the enterprise may not review", req: form("firm", fmt.Sprintf("%s/documents/%d", page, doc.ID), "version=2&status=accepted"), status: 403},
			{name: "the page after all that", req: request{method: "GET", path: page, actor: "ja"}, status: 200,
				contains: []string{`data-regime="mofcom" data-action="approval"`, "出口管制零部件", "已审核"}},
			{name: "the edit form", req: request{method: "GET", path: page + "/edit", actor: "ja"}, status: 200,
				contains: []string{`value="越南海防精密零部件工厂"`, `value="350,000,000.00"`, `name="version" value="2"`}},
			{name: "an edit with errors", req: form("ja", page, formWith(projectForm(), "version", "2", "country", "XX")), status: 400, contains: []string{`id="e-country"`}},
			{name: "an edit saved", req: form("ja", page, formWith(projectForm(), "version", "2", "title", "越南海防工厂（一期）")), status: 303},
		})

		// Uploads from the page.
		body, h := multipartBody(t, "file", "营业执照.pdf", pdf)
		up := fmt.Sprintf("%s/documents/%d/files", page, doc.ID)
		runScenarios(t, e, []scenario{
			{name: "the enterprise uploads from the page", req: request{method: "POST", path: up, actor: "firm", body: body, header: h}, status: 303},
		})
		bad, bh := multipartBody(t, "file", "x.pdf", []byte("MZ\x90\x00 an executable"))
		runScenarios(t, e, []scenario{
			{name: "a file of the wrong type comes back on the page", req: request{method: "POST", path: up, actor: "firm", body: bad, header: bh}, status: 400,
				contains: []string{"仅接受 PDF"}},
			{name: "the file is listed and downloadable", req: request{method: "GET", path: page, actor: "firm"}, status: 200, contains: []string{"营业执照.pdf"}},
		})
		p, err = e.app.ODI.Project(context.Background(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, d := p.Document(doc.ID)
		runScenarios(t, e, []scenario{
			{name: "download from the page", req: request{method: "GET", path: fmt.Sprintf("%s/files/%d", page, d.Files[0].ID), actor: "ja"}, status: 200, contains: []string{"%PDF"}},
			{name: "download by another point", req: request{method: "GET", path: fmt.Sprintf("%s/files/%d", page, d.Files[0].ID), actor: "xh"}, status: 403},
		})
	})
}

func TestODIRules(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		odiWorld(t, e)
		form := func(actor, path, body string) request {
			return request{method: "POST", path: path, actor: actor, body: body}
		}
		runScenarios(t, e, []scenario{
			{name: "the page", req: request{method: "GET", path: "/odi/rules", actor: "coord"}, status: 200,
				contains: []string{"<h1>ODI 敏感清单与时限</h1>", "现行为内置默认规则", `id="ndrc"`, `id="mofcom"`, "房地产", "与我国未建交", `name="threshold_usd" value="300,000,000.00"`,
					`name="near_threshold_percent" value="10"`, `name="cny_per_usd" value="7.1000"`}},
			{name: "point staff may not see it", req: request{method: "GET", path: "/odi/rules", actor: "ja"}, status: 403},
			{name: "point staff may not edit", req: form("ja", "/odi/rules/ndrc/countries", "version=0&code=VN&reason=other"), status: 403},
			{name: "an unknown authority", req: form("coord", "/odi/rules/safe/countries", "version=0&code=VN&reason=other"), status: 404},
			{name: "an unknown country", req: form("coord", "/odi/rules/ndrc/countries", "version=0&code=XX&reason=other"), status: 400,
				contains: []string{"“XX”不是有效的国家或地区代码"}},
			{name: "a country already listed", req: form("coord", "/odi/rules/ndrc/countries", "version=0&code=AF&reason=war_or_unrest"), status: 400,
				contains: []string{"“AF”重复出现"}},
			{name: "Vietnam added", req: form("coord", "/odi/rules/ndrc/countries", "version=0&code=vn&reason=other"), status: 303},
			{name: "a stale form", req: form("coord", "/odi/rules/ndrc/countries", "version=0&code=TH&reason=other"), status: 409},
			{name: "the assessment now says approval", req: request{method: "POST", path: "/api/v1/odi/assessments", body: plantJSON}, status: 200,
				contains: []string{`{"authority":"NDRC","action":"approval"`}},
			{name: "an industry added", req: form("coord", "/odi/rules/mofcom/industries", "version=1&division=C33&category=weapons&scope=part"), status: 303},
			{name: "an unknown industry", req: form("coord", "/odi/rules/mofcom/industries", "version=2&division=Q99&category=weapons&scope=whole"), status: 400},
			{name: "removing what is not listed", req: form("coord", "/odi/rules/ndrc/countries/TH/delete", "version=2"), status: 404},
			{name: "Vietnam removed", req: form("coord", "/odi/rules/ndrc/countries/VN/delete", "version=2"), status: 303},
			{name: "an industry removed", req: form("coord", "/odi/rules/mofcom/industries/C33/delete", "version=3"), status: 303},
			{name: "limits out of range", req: form("coord", "/odi/rules/limits", "version=4&threshold_usd=300000000&near_threshold_percent=10&cny_per_usd=7.1&ndrc_approval=0&ndrc_approval_extension=10&ndrc_acceptance=5&ndrc_filing=7&ndrc_completion_report=20&mofcom_filing=3&mofcom_approval_central=20&mofcom_approval_local=400"),
				status: 400, contains: []string{`id="e-ndrc_approval"`, `id="e-mofcom_approval_local"`}},
			{name: "limits not numbers", req: form("coord", "/odi/rules/limits", "version=4&threshold_usd=lots&near_threshold_percent=x&cny_per_usd=seven&ndrc_approval=a"),
				status: 400, contains: []string{"请更正"}},
			{name: "limits saved", req: form("coord", "/odi/rules/limits", "version=4&threshold_usd=250,000,000&near_threshold_percent=5&cny_per_usd=7.2&ndrc_approval=20&ndrc_approval_extension=10&ndrc_acceptance=5&ndrc_filing=7&ndrc_filing_confirmed=1&ndrc_completion_report=20&mofcom_filing=3&mofcom_approval_central=20&mofcom_approval_local=30"),
				status: 303},
			{name: "history", req: request{method: "GET", path: "/odi/rules", actor: "coord"}, status: 200,
				contains: []string{"现行为第 5 版", "v5", "v1", `value="250,000,000.00"`, `name="near_threshold_percent" value="5"`}},

			// API.
			{name: "API: staff read the rules", req: request{method: "GET", path: "/api/v1/odi/rules", actor: "ja"}, status: 200,
				contains: []string{`"version":5`, `"threshold_usd_cents":25000000000`, `"ndrc_filing_confirmed":true`}},
			{name: "API: enterprises do not", req: request{method: "GET", path: "/api/v1/odi/rules", actor: "firm"}, status: 403},
			{name: "API: point staff may not replace", req: request{method: "PUT", path: "/api/v1/odi/rules", actor: "ja", body: `{"version":5,"rules":{}}`}, status: 403},
			{name: "API: empty rules are invalid", req: request{method: "PUT", path: "/api/v1/odi/rules", actor: "coord", body: `{"version":5,"rules":{}}`}, status: 400,
				contains: []string{`"field":"threshold_usd_cents"`, `"field":"time_limits.ndrc_approval"`}},
			{name: "API: unknown field inside the rules", req: request{method: "PUT", path: "/api/v1/odi/rules", actor: "coord", body: `{"version":5,"rules":{"colour":1}}`}, status: 400,
				contains: []string{`"field":"colour"`}},
			{name: "API: stale version", req: request{method: "PUT", path: "/api/v1/odi/rules", actor: "coord", body: `{"version":1,"rules":{}}`}, status: 400},
			{name: "API: reset, stale", req: request{method: "POST", path: "/api/v1/odi/rules/reset", actor: "coord", body: `{"version":4}`}, status: 409},
			{name: "API: reset", req: request{method: "POST", path: "/api/v1/odi/rules/reset", actor: "coord", body: `{"version":5}`}, status: 200,
				contains: []string{`"version":6`, `"default":true`, `"threshold_usd_cents":30000000000`}},
			{name: "the page offers no reset of the defaults", req: request{method: "GET", path: "/odi/rules", actor: "coord"}, status: 200,
				absent: []string{`action="/odi/rules/reset"`}},
			{name: "page reset with a bad version", req: form("coord", "/odi/rules/reset", "version=x"), status: 400},
		})
		// A full replacement through the API round-trips what GET returns.
		resp := e.do(request{method: "GET", path: "/api/v1/odi/rules", actor: "coord"})
		var rec odi.RulesRecord
		decode(t, resp, &rec)
		rec.Rules.MOFCOM.Countries = append(rec.Rules.MOFCOM.Countries, odi.SensitiveCountry{Code: "MM", Reason: "other"})
		raw, err := json.Marshal(map[string]any{"version": rec.Version, "rules": rec.Rules})
		if err != nil {
			t.Fatal(err)
		}
		b := string(raw)
		runScenarios(t, e, []scenario{
			{name: "API: replaced", req: request{method: "PUT", path: "/api/v1/odi/rules", actor: "coord", body: b}, status: 200,
				contains: []string{`"version":7`, `{"code":"MM","reason":"other"}`}},
		})
	})
}

func TestODIAnalytics(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		odiWorld(t, e)
		p := createProject(t, e, projectJSON)
		second := createProject(t, e, withField(withField(projectJSON, "title", `"柬埔寨酒店"`), "industry", `"H61"`))
		put := func(id int64, regime, body string) request {
			return request{method: "PUT", path: fmt.Sprintf("/api/v1/odi/projects/%d/steps/%s", id, regime), actor: "ja", body: body}
		}
		d := func(n int) string { return workdaysAgo(t, e, n) }
		runScenarios(t, e, []scenario{
			{name: "NDRC filing decided in 9 working days", req: put(p.ID, "ndrc", fmt.Sprintf(`{"submitted_on":%q,"accepted_on":%q,"decided_on":%q,"decision":"granted","version":1}`,
				d(20), d(20), d(11))), status: 200},
			{name: "NDRC approval decided in 12", req: put(second.ID, "ndrc", fmt.Sprintf(`{"submitted_on":%q,"accepted_on":%q,"decided_on":%q,"decision":"granted","version":1}`,
				d(30), d(30), d(18))), status: 200},
		})
		runScenarios(t, e, []scenario{
			{name: "API", req: request{method: "GET", path: "/api/v1/odi/analytics", actor: "coord"}, status: 200,
				contains: []string{`"enterprises_served":1`, `"projects":2`, `"filed":1`, `"approved":1`,
					`{"regime":"ndrc","action":"approval","limit_workdays":20,"decided":1,"avg_workdays":12,"max_workdays":12,"over_limit":0`,
					`{"regime":"ndrc","action":"filing","limit_workdays":7,"decided":1,"avg_workdays":9,"max_workdays":9,"over_limit":1`,
					`"by_point":[{"code":"JA-ODI"`, `"by_district":[{"code":"310104","name_zh":"徐汇区"`}},
			{name: "API: a bad date", req: request{method: "GET", path: "/api/v1/odi/analytics?from=2026-13-01", actor: "coord"}, status: 400, contains: []string{`"field":"from"`}},
			{name: "API: dates in the wrong order", req: request{method: "GET", path: "/api/v1/odi/analytics?from=2026-05-01&to=2026-04-01", actor: "coord"}, status: 400,
				contains: []string{`"field":"to"`}},
			{name: "API: point staff may not", req: request{method: "GET", path: "/api/v1/odi/analytics", actor: "ja"}, status: 403},
			{name: "API: enterprises may not", req: request{method: "GET", path: "/api/v1/odi/analytics", actor: "firm"}, status: 403},
			{name: "the page: counters, chart data and the same figures in a table", req: request{method: "GET", path: "/odi/analytics", actor: "coord"}, status: 200,
				contains: []string{`data-counter="approved">1<`, `data-counter="filed">1<`, `data-counter="enterprises_served">1<`, `id="odi-chart"`,
					`data-chart="{&#34;labels&#34;:[&#34;发展改革部门（NDRC） · 核准 (20)&#34;`, "echarts.min.", "odi-chart.", "<caption>各类环节平均及最长用时与法定时限（工作日）</caption>",
					`<th scope="row">发展改革部门（NDRC） · 备案 (7)</th><td>7</td><td>1</td>
      <td>9</td><td>9</td><td>1</td>`, "静安区境外投资咨询服务点", "徐汇区"},
				absent: []string{"<script>"}},
			{name: "the page in English", req: request{method: "GET", path: "/odi/analytics?lang=en", actor: "root"}, status: 200,
				contains: []string{"Development and reform (NDRC) · Filing (7)", "approvals granted"}},
			{name: "the page with a bad date says so", req: request{method: "GET", path: "/odi/analytics?from=yesterday", actor: "coord"}, status: 400,
				contains: []string{`role="alert"`, "YYYY-MM-DD"}},
			{name: "the page, point staff", req: request{method: "GET", path: "/odi/analytics", actor: "ja"}, status: 403},
			{name: "the chart script is served", req: request{method: "GET", path: "/odi/analytics", actor: "coord"}, status: 200,
				after: func(t *testing.T, e *env) {
					resp := e.do(request{method: "GET", path: "/odi/analytics", actor: "coord"})
					raw, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					b := string(raw)
					for _, name := range []string{"echarts.min.", "odi-chart."} {
						i := strings.Index(b, "/static/"+name)
						if i < 0 {
							t.Fatalf("no %s script", name)
						}
						src := b[i : i+strings.Index(b[i:], `"`)]
						r := e.do(request{method: "GET", path: src})
						if r.StatusCode != 200 || !strings.Contains(r.Header.Get("Content-Type"), "javascript") {
							t.Errorf("%s: %d %s", src, r.StatusCode, r.Header.Get("Content-Type"))
						}
						r.Body.Close()
					}
				}},
		})
	})
}
