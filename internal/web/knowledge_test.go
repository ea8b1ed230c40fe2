package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"chuhai/internal/auth"
	"chuhai/internal/knowledge"
)

// knowledgeActors: an editor (a point lead), a publisher (a city coordinator), point staff who may
// neither write nor see drafts, and an enterprise user.
func knowledgeActors(e *env) *env {
	return e.as("lead", auth.NewUser{Name: "李编辑", Role: auth.PointLead}).as("coord", auth.NewUser{Name: "陈统筹", Role: auth.CityCoordinator}).
		as("staff", auth.NewUser{Role: auth.PointStaff}).as("firm", auth.NewUser{Role: auth.EnterpriseAdmin})
}

// guideJSON is a complete guide input as JSON, with extra fields merged in.
func guideJSON(t *testing.T, fx string, extra map[string]any) string {
	t.Helper()
	sections := map[string]any{}
	for _, k := range knowledge.Sections {
		sections[k] = map[string]string{"zh": "越南" + k + "示例段落。\n\n第二段" + fx + "。", "en": "Sample " + k + " paragraph."}
	}
	body := map[string]any{"title_zh": "越南投资合作指南", "title_en": "Vietnam investment guide", "reviewed_on": "2025-12-01",
		"keywords": "yuenan", "sections": sections, "sources": []map[string]string{{"title": "商务部国别指南", "url": "https://example.gov.cn/vn"}}}
	for k, v := range extra {
		body[k] = v
	}
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// call sends r and decodes the JSON answer into v, failing unless the status is want.
func (e *env) call(r request, want int, v any) {
	e.t.Helper()
	resp := e.do(r)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		e.t.Fatalf("%s %s as %q: %d, want %d: %.500s", r.method, r.path, r.actor, resp.StatusCode, want, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			e.t.Fatalf("%s %s: decode: %v", r.method, r.path, err)
		}
	}
}

func TestGuideWorkflowThroughTheAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		knowledgeActors(e)
		var g knowledge.Revision
		runScenarios(t, e, []scenario{
			{name: "anonymous cannot create", req: request{method: "POST", path: "/api/v1/guides", body: `{}`}, status: 401},
			{name: "point staff cannot create", req: request{method: "POST", path: "/api/v1/guides", actor: "staff", body: `{}`}, status: 403},
			{name: "malformed JSON", req: request{method: "POST", path: "/api/v1/guides", actor: "lead", body: `{"country":`}, status: 400},
			{name: "unknown field", req: request{method: "POST", path: "/api/v1/guides", actor: "lead", body: `{"country":"VN","colour":"red"}`}, status: 400, contains: []string{`"field":"colour"`}},
			{name: "wrong type", req: request{method: "POST", path: "/api/v1/guides", actor: "lead", body: `{"country":"VN","sections":"all"}`}, status: 400, contains: []string{`"field":"sections"`}},
			{name: "unknown country", req: request{method: "POST", path: "/api/v1/guides", actor: "lead", body: `{"country":"QQ","title_zh":"x","title_en":"x","reviewed_on":"2025-01-01"}`},
				status: 400, contains: []string{`"field":"country"`}},
			{name: "too large", req: request{method: "POST", path: "/api/v1/guides", actor: "lead", body: `{"country":"VN","title_zh":"` + strings.Repeat("长", 200000) + `"}`}, status: 413},
			{name: "nothing published yet", req: request{method: "GET", path: "/api/v1/guides/VN"}, status: 404},
			{name: "bad country in the path", req: request{method: "GET", path: "/api/v1/guides/V1"}, status: 400},
		})
		e.call(request{method: "POST", path: "/api/v1/guides", actor: "lead", body: `{"country":"vn",` + guideJSON(t, "", nil)[1:]}, 201, &g)
		if g.Country != "VN" || g.State != knowledge.StateDraft {
			t.Fatalf("created %+v", g)
		}
		runScenarios(t, e, []scenario{
			{name: "the draft is the editors'", req: request{method: "GET", path: "/api/v1/guides/VN/draft", actor: "staff"}, status: 403},
			{name: "a publisher reads the draft", req: request{method: "GET", path: "/api/v1/guides/VN/draft", actor: "coord"}, status: 200, contains: []string{`"state":"draft"`}},
			{name: "stale save", req: request{method: "PUT", path: "/api/v1/guides/VN/draft", actor: "lead", body: guideJSON(t, "", map[string]any{"version": 9})}, status: 409},
			{name: "an editor cannot publish", req: request{method: "POST", path: "/api/v1/guides/VN/draft/publish", actor: "lead", body: `{"version":1}`}, status: 403},
			{name: "drafts are not in public search", req: request{method: "GET", path: "/api/v1/search?q=" + url.QueryEscape("越南")}, status: 200, contains: []string{`"total":0`}},
			{name: "editors find drafts", req: request{method: "GET", path: "/api/v1/search?q=" + url.QueryEscape("越南"), actor: "lead"}, status: 200,
				contains: []string{`"ref":"VN/draft"`, `"draft":true`}},
		})
		e.call(request{method: "POST", path: "/api/v1/guides/VN/draft/submit", actor: "lead", body: fmt.Sprintf(`{"version":%d}`, g.Version)}, 200, &g)
		e.call(request{method: "POST", path: "/api/v1/guides/VN/draft/return", actor: "coord", body: fmt.Sprintf(`{"version":%d,"note":"补充外汇"}`, g.Version)}, 200, &g)
		e.call(request{method: "PUT", path: "/api/v1/guides/VN/draft", actor: "lead", body: guideJSON(t, "", map[string]any{"version": g.Version})}, 200, &g)
		e.call(request{method: "POST", path: "/api/v1/guides/VN/draft/submit", actor: "lead", body: fmt.Sprintf(`{"version":%d}`, g.Version)}, 200, &g)
		e.call(request{method: "POST", path: "/api/v1/guides/VN/draft/publish", actor: "coord", body: fmt.Sprintf(`{"version":%d}`, g.Version)}, 200, &g)
		if g.Number != 1 {
			t.Fatalf("published %+v", g)
		}
		// A second edit, started from the published text, becomes version 2.
		e.call(request{method: "PUT", path: "/api/v1/guides/VN/draft", actor: "lead", body: guideJSON(t, "（已更新）", map[string]any{"version": 0})}, 200, &g)
		e.call(request{method: "POST", path: "/api/v1/guides/VN/draft/submit", actor: "lead", body: fmt.Sprintf(`{"version":%d}`, g.Version)}, 200, &g)
		e.call(request{method: "POST", path: "/api/v1/guides/VN/draft/publish", actor: "coord", body: fmt.Sprintf(`{"version":%d}`, g.Version)}, 200, &g)
		runScenarios(t, e, []scenario{
			{name: "public guide", req: request{method: "GET", path: "/api/v1/guides/vn"}, status: 200, contains: []string{`"number":2`, "已更新"}},
			{name: "version 1", req: request{method: "GET", path: "/api/v1/guides/VN?version=1"}, status: 200, contains: []string{`"number":1`}, absent: []string{"已更新"}},
			{name: "no version 3", req: request{method: "GET", path: "/api/v1/guides/VN?version=3"}, status: 404},
			{name: "bad version", req: request{method: "GET", path: "/api/v1/guides/VN?version=abc"}, status: 400},
			{name: "versions", req: request{method: "GET", path: "/api/v1/guides/VN/versions"}, status: 200, contains: []string{`"number":2`, `"number":1`, `"published_by":"陈统筹"`}},
			{name: "list", req: request{method: "GET", path: "/api/v1/guides"}, status: 200, contains: []string{`"country":"VN"`, `"published_version":2`, `"total":1`}},
			{name: "diff", req: request{method: "GET", path: "/api/v1/guides/VN/diff?from=1&to=2"}, status: 200,
				contains: []string{`"op":"removed","text":"第二段。"`, `"op":"added","text":"第二段（已更新）。"`}},
			{name: "diff with the draft needs an editor", req: request{method: "GET", path: "/api/v1/guides/VN/diff?from=1&to=draft"}, status: 403},
			{name: "diff without from", req: request{method: "GET", path: "/api/v1/guides/VN/diff?to=2"}, status: 400, contains: []string{`"field":"from"`}},
			{name: "diff with nonsense", req: request{method: "GET", path: "/api/v1/guides/VN/diff?from=-1&to=x"}, status: 400},
			{name: "public search finds the published guide", req: request{method: "GET", path: "/api/v1/search?q=yuenan"}, status: 200, contains: []string{`"ref":"VN"`, `"url":"/guides/VN"`}},
			{name: "guide page", req: request{method: "GET", path: "/guides/VN"}, status: 200, contains: []string{"越南投资合作指南", "第 2 版", "市场准入与投资政策"}},
			{name: "old version page", req: request{method: "GET", path: "/guides/VN?version=1"}, status: 200, contains: []string{"不是最新版本"}},
			{name: "versions page", req: request{method: "GET", path: "/guides/VN/versions"}, status: 200, contains: []string{"版本记录", "陈统筹"}},
			{name: "diff page", req: request{method: "GET", path: "/guides/VN/diff?from=1&to=2"}, status: 200, contains: []string{"<del>第二段。</del>", "<ins>第二段（已更新）。</ins>"}},
			{name: "guides page", req: request{method: "GET", path: "/guides"}, status: 200, contains: []string{"越南"}},
			{name: "a guide that does not exist", req: request{method: "GET", path: "/guides/BR"}, status: 404},
		})
	})
}

// The guide's pages for editors: the form, saving, submitting, publishing and the diff that follows.
func TestGuidePagesTakeAnEditThroughToPublication(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		knowledgeActors(e)
		form := func(version int, overview string) string {
			v := url.Values{"version": {fmt.Sprint(version)}, "title_zh": {"泰国投资合作指南"}, "title_en": {"Thailand investment guide"},
				"reviewed_on": {"2025-11-01"}, "sources": {"泰国投资促进委员会 | https://example.go.th/boi\n商务部国别指南"}}
			for _, k := range knowledge.Sections {
				v.Set("sections."+k+".zh", "泰国"+k+"。")
				v.Set("sections."+k+".en", "Thailand "+k+".")
			}
			v.Set("sections.overview.zh", overview)
			return v.Encode()
		}
		create := url.Values{"country": {"TH"}, "title_zh": {"泰国投资合作指南"}, "title_en": {"Thailand investment guide"}, "reviewed_on": {"2025-11-01"}}
		runScenarios(t, e, []scenario{
			{name: "the form", req: request{method: "GET", path: "/guides/new", actor: "lead"}, status: 200, contains: []string{`name="country"`, `name="sections.tax.zh"`}},
			{name: "staff may not open it", req: request{method: "GET", path: "/guides/new", actor: "staff"}, status: 403},
			{name: "a bad date comes back beside its field", req: request{method: "POST", path: "/guides", actor: "lead", body: strings.Replace(create.Encode(), "2025-11-01", "2025-13-01", 1)},
				status: 400, contains: []string{`id="e-reviewed_on"`, `value="TH" selected`}},
			{name: "create", req: request{method: "POST", path: "/guides", actor: "lead", body: create.Encode()}, status: 303,
				headers: map[string]string{"Location": "/guides/TH/draft?saved=1"}},
			{name: "the draft page", req: request{method: "GET", path: "/guides/TH/draft", actor: "lead"}, status: 200, contains: []string{"提交审核", `action="/guides/TH/submit"`}},
			{name: "save the full text", req: request{method: "POST", path: "/guides/TH/edit", actor: "lead", body: form(1, "泰国位于东南亚。")}, status: 303},
			{name: "a bad source line", req: request{method: "POST", path: "/guides/TH/edit", actor: "lead", body: strings.Replace(form(2, "x"), "https%3A%2F%2Fexample.go.th%2Fboi", "ftp%3A%2F%2Fx", 1)},
				status: 400, contains: []string{"第 1 行的资料来源有误"}},
			{name: "stale form", req: request{method: "POST", path: "/guides/TH/edit", actor: "lead", body: form(1, "y")}, status: 409, contains: []string{"form-errors"}},
			{name: "submit", req: request{method: "POST", path: "/guides/TH/submit", actor: "lead", body: "version=2"}, status: 303},
			{name: "publish", req: request{method: "POST", path: "/guides/TH/publish", actor: "coord", body: "version=3"}, status: 303,
				headers: map[string]string{"Location": "/guides/TH?published=1"}},
			{name: "the edit form starts from the published text", req: request{method: "GET", path: "/guides/TH/edit", actor: "lead"}, status: 200,
				contains: []string{"泰国位于东南亚。", `name="version" value="0"`}},
			{name: "second edit", req: request{method: "POST", path: "/guides/TH/edit", actor: "lead", body: form(0, "泰国位于东南亚中南半岛。")}, status: 303},
			{name: "submit again", req: request{method: "POST", path: "/guides/TH/submit", actor: "lead", body: "version=1"}, status: 303},
			{name: "publishing twice with one version", req: request{method: "POST", path: "/guides/TH/publish", actor: "coord", body: "version=1"}, status: 409},
			{name: "publish version 2 and see the diff", req: request{method: "POST", path: "/guides/TH/publish", actor: "coord", body: "version=2"}, status: 303,
				headers: map[string]string{"Location": "/guides/TH/diff?from=1&to=2"}},
			{name: "the diff", req: request{method: "GET", path: "/guides/TH/diff?from=1&to=2"}, status: 200,
				contains: []string{"<del>泰国位于东南亚。</del>", "<ins>泰国位于东南亚中南半岛。</ins>"}},
		})
	})
}

func TestPolicyLibraryThroughTheAPIAndPages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		knowledgeActors(e)
		body := `{"title_zh":"徐汇区企业出海专业服务补贴办法","doc_number":"徐商务〔2025〕8号","issuer_kind":"district","issuer_code":"310104",
			"issuer_zh":"徐汇区商务委员会","level":"district","category":"funding","issued_on":"2025-03-01","effective_on":"2025-04-01",
			"topics":["subsidy"],"applies_to":{"districts":["310104"],"countries":["VN"]},
			"summary_zh":"补贴 30%，最高 30 万元。<script>alert(1)</script>[点我](javascript:alert(1))"}`
		var p knowledge.Policy
		e.call(request{method: "POST", path: "/api/v1/policies", actor: "lead", body: body}, 201, &p)
		pid := fmt.Sprint(p.ID)
		runScenarios(t, e, []scenario{
			{name: "a draft is not public", req: request{method: "GET", path: "/api/v1/policies/" + pid}, status: 404},
			{name: "editors see it", req: request{method: "GET", path: "/api/v1/policies/" + pid, actor: "lead"}, status: 200, contains: []string{`"state":"draft"`, `"status":"in_force"`}},
			{name: "staff do not", req: request{method: "GET", path: "/api/v1/policies/" + pid, actor: "staff"}, status: 404},
			{name: "bad id", req: request{method: "GET", path: "/api/v1/policies/abc"}, status: 400},
			{name: "validation", req: request{method: "POST", path: "/api/v1/policies", actor: "lead", body: `{"title_zh":"x","issuer_kind":"king"}`}, status: 400,
				contains: []string{`"field":"issuer_kind"`, `"field":"issued_on"`}},
			{name: "an editor cannot publish", req: request{method: "POST", path: "/api/v1/policies/" + pid + "/publish", actor: "lead", body: `{"version":1}`}, status: 403},
			{name: "publish", req: request{method: "POST", path: "/api/v1/policies/" + pid + "/publish", actor: "coord", body: `{"version":1}`}, status: 200},
			{name: "public now", req: request{method: "GET", path: "/api/v1/policies/" + pid}, status: 200, contains: []string{"徐商务〔2025〕8号"}},
			{name: "list by district", req: request{method: "GET", path: "/api/v1/policies?district=310104&status=in_force"}, status: 200, contains: []string{`"total":1`}},
			{name: "list by another country", req: request{method: "GET", path: "/api/v1/policies?country=TH"}, status: 200, contains: []string{`"total":0`}},
			{name: "list with a bad status", req: request{method: "GET", path: "/api/v1/policies?status=alive"}, status: 400, contains: []string{`"field":"status"`}},
			{name: "the page renders the summary safely", req: request{method: "GET", path: "/policies/" + pid}, status: 200,
				contains: []string{"补贴 30%", "徐汇区商务委员会", "现行有效"}, absent: []string{"<script>alert", "javascript:alert"}},
			{name: "the library page", req: request{method: "GET", path: "/policies?status=in_force"}, status: 200, contains: []string{"徐汇区企业出海专业服务补贴办法"}},
			{name: "search by 文号", req: request{method: "GET", path: "/api/v1/search?q=" + url.QueryEscape("徐商务")}, status: 200, contains: []string{`"issuer":"310104"`}},
		})

		// Attachments: a PDF goes in and comes back as a download; anything else is refused.
		upload := func(name string, data []byte) request {
			var b bytes.Buffer
			w := multipart.NewWriter(&b)
			part, _ := w.CreateFormFile("file", name)
			_, _ = part.Write(data)
			_ = w.Close()
			return request{method: "POST", path: "/api/v1/policies/" + pid + "/attachments", actor: "coord", body: b.String(),
				header: map[string]string{"Content-Type": w.FormDataContentType()}}
		}
		pdf := []byte("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")
		var a knowledge.Attachment
		e.call(upload("原文.pdf", pdf), 201, &a)
		runScenarios(t, e, []scenario{
			{name: "download", req: request{method: "GET", path: fmt.Sprintf("/policies/%s/attachments/%d", pid, a.ID)}, status: 200,
				contains: []string{"%PDF-1.4"}, headers: map[string]string{"Content-Type": "application/pdf",
					"Content-Disposition": "attachment; filename*=utf-8''%E5%8E%9F%E6%96%87.pdf"}},
			{name: "not a PDF", req: upload("x.pdf", []byte("<html><script>alert(1)</script>")), status: 400, contains: []string{`"field":"file"`}},
			{name: "no file part", req: request{method: "POST", path: "/api/v1/policies/" + pid + "/attachments", actor: "coord", body: "x",
				header: map[string]string{"Content-Type": "multipart/form-data; boundary=nothing"}}, status: 400},
			{name: "over the limit", req: upload("big.pdf", append(pdf, make([]byte, knowledge.MaxAttachmentBytes)...)), status: 413},
			{name: "an editor may not touch a published policy's files", req: request{method: "DELETE", path: fmt.Sprintf("/api/v1/policies/%s/attachments/%d", pid, a.ID), actor: "lead"}, status: 403},
			{name: "remove", req: request{method: "DELETE", path: fmt.Sprintf("/api/v1/policies/%s/attachments/%d", pid, a.ID), actor: "coord"}, status: 204},
			{name: "gone", req: request{method: "GET", path: fmt.Sprintf("/api/v1/policies/%s/attachments/%d", pid, a.ID)}, status: 404},
		})
	})
}

func TestAlertsThroughTheAPIAndPages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		knowledgeActors(e)
		body := `{"country":"TH","area_zh":"南部边境四府","level":"caution","title_zh":"提醒在泰中国公民注意安全","body_zh":"请加强安全防范。",
			"source_zh":"中国驻泰国使馆","starts_on":"2025-01-01"}`
		var a knowledge.Alert
		e.call(request{method: "POST", path: "/api/v1/alerts", actor: "lead", body: body}, 201, &a)
		id := fmt.Sprint(a.ID)
		e.call(request{method: "POST", path: "/api/v1/alerts/" + id + "/publish", actor: "coord", body: `{"version":1}`}, 200, &a)
		raised := strings.Replace(body, `"level":"caution"`, `"level":"reconsider","note":"局势升级","version":2`, 1)
		runScenarios(t, e, []scenario{
			{name: "an editor cannot change a published alert", req: request{method: "PUT", path: "/api/v1/alerts/" + id, actor: "lead", body: raised}, status: 403},
			{name: "a publisher raises the level", req: request{method: "PUT", path: "/api/v1/alerts/" + id, actor: "coord", body: raised}, status: 200, contains: []string{`"level":"reconsider"`}},
			{name: "history", req: request{method: "GET", path: "/api/v1/alerts/" + id}, status: 200, contains: []string{`"note":"局势升级"`, `"level":"caution"`}},
			{name: "active alerts for a country", req: request{method: "GET", path: "/api/v1/alerts?country=th&phase=active"}, status: 200, contains: []string{`"total":1`}},
			{name: "bad phase", req: request{method: "GET", path: "/api/v1/alerts?phase=soon"}, status: 400},
			{name: "alert page", req: request{method: "GET", path: "/alerts/" + id}, status: 200, contains: []string{"谨慎前往", "调整历史", "12308"}},
			{name: "alerts page", req: request{method: "GET", path: "/alerts?country=TH"}, status: 200, contains: []string{"提醒在泰中国公民注意安全"}},
			{name: "form for a new alert", req: request{method: "GET", path: "/alerts/new", actor: "lead"}, status: 200, contains: []string{`name="level"`}},
			{name: "save from the form", req: request{method: "POST", path: "/alerts", actor: "lead", body: url.Values{"country": {"VN"}, "level": {"avoid"},
				"title_zh": {"暂勿前往某地"}, "body_zh": {"示例"}, "source_zh": {"外交部"}, "starts_on": {"2025-02-01"}}.Encode()}, status: 303},
			{name: "a bad form comes back", req: request{method: "POST", path: "/alerts", actor: "lead", body: "country=VN&level=panic"}, status: 400,
				contains: []string{`id="e-level"`, `id="e-title_zh"`}},
		})
	})
}

// Search: whatever is typed, the answer is results or a 4xx naming the field, never a 500.
func TestSearchSurvivesHostileInput(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		var scenarios []scenario
		for _, q := range []string{`"`, `越南"`, `*`, `-越南`, `NEAR(a b)`, `a:b`, `a & b`, `a | b`, `!a`, `(a`, `a)`, `'`, `\`, `%`, `{title}:x`, `越南 AND OR NOT`} {
			scenarios = append(scenarios,
				scenario{name: "api " + q, req: request{method: "GET", path: "/api/v1/search?q=" + url.QueryEscape(q)}, status: 200, contains: []string{`"items":[`}},
				scenario{name: "page " + q, req: request{method: "GET", path: "/search?q=" + url.QueryEscape(q)}, status: 200})
		}
		long := url.QueryEscape(strings.Repeat("越南投资", 2500))
		scenarios = append(scenarios,
			scenario{name: "empty query, API", req: request{method: "GET", path: "/api/v1/search?q="}, status: 400, contains: []string{`"field":"q"`}},
			scenario{name: "no query, page", req: request{method: "GET", path: "/search"}, status: 200, contains: []string{`id="search-page-q"`}},
			scenario{name: "10,000 characters, API", req: request{method: "GET", path: "/api/v1/search?q=" + long}, status: 400, contains: []string{`"field":"q"`}},
			scenario{name: "10,000 characters, page", req: request{method: "GET", path: "/search?q=" + long}, status: 400, contains: []string{"search-error"}},
			scenario{name: "invalid UTF-8, API", req: request{method: "GET", path: "/api/v1/search?q=%FF%FE"}, status: 400, contains: []string{`"field":"q"`}},
			scenario{name: "invalid UTF-8, page", req: request{method: "GET", path: "/search?q=%FF%FE"}, status: 400},
			scenario{name: "bad type", req: request{method: "GET", path: "/api/v1/search?q=x&type=GUIDE!"}, status: 400, contains: []string{`"field":"type"`}},
			scenario{name: "bad country", req: request{method: "GET", path: "/api/v1/search?q=x&country=Vietnam"}, status: 400, contains: []string{`"field":"country"`}},
			scenario{name: "bad page", req: request{method: "GET", path: "/api/v1/search?q=x&page=zero"}, status: 400, contains: []string{`"field":"page"`}},
			scenario{name: "NUL", req: request{method: "GET", path: "/api/v1/search?q=%00"}, status: 200},
		)
		runScenarios(t, e, scenarios)
	})
}

var _ = http.StatusOK
