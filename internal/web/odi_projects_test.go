package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"chuhai/internal/auth"
	"chuhai/internal/directory"
	"chuhai/internal/jobs"
	"chuhai/internal/network"
	"chuhai/internal/odi"
	"chuhai/internal/workday"
)

// odiWorld adds Jing'an's ODI consultation point and a second enterprise to the harness's Xuhui
// point and manufacturer, and signs in: ja and jalead (the ODI point), xh (Xuhui, no ODI capability),
// coord, root, firm (the Xuhui manufacturer), other (another enterprise) and provider.
func odiWorld(t *testing.T, e *env) (ja network.Point) {
	t.Helper()
	ctx := context.Background()
	ja, err := e.app.Network.CreatePoint(ctx, network.PointInput{Code: "JA-ODI", Kind: network.SpecialisedPoint, NameZh: "静安区境外投资咨询服务点",
		NameEn: "Jing'an ODI Consultation Point", RegionCode: "310106", Capabilities: []string{"odi"}})
	if err != nil {
		t.Fatal(err)
	}
	xh := e.fixturePoint()
	firm := e.fixtureEnterprise()
	other := e.exec(`INSERT INTO enterprise (uscc, name_zh, name_en, home_district, created_at, updated_at)
		VALUES ($1, '上海静安贸易有限公司', 'Shanghai Jing''an Trading', '310106', $2, $2) RETURNING id`, checkDigit(t, "91310106MA1K00001"), time.Now())
	e.as("ja", auth.NewUser{Login: "ja-staff", Role: auth.PointStaff, PointID: ja.ID, Name: "静安专员"})
	e.as("jalead", auth.NewUser{Role: auth.PointLead, PointID: ja.ID})
	e.as("xh", auth.NewUser{Login: "xh-staff", Role: auth.PointStaff, PointID: xh})
	e.as("coord", auth.NewUser{Role: auth.CityCoordinator})
	e.as("root", auth.NewUser{Role: auth.SystemAdmin})
	e.as("firm", auth.NewUser{Role: auth.EnterpriseAdmin, EnterpriseID: firm})
	e.as("other", auth.NewUser{Role: auth.EnterpriseMember, EnterpriseID: other})
	e.as("provider", auth.NewUser{Role: auth.ProviderAdmin})
	return ja
}

// checkDigit completes a 17-character USCC body with its check digit.
func checkDigit(t *testing.T, body string) string {
	t.Helper()
	for _, c := range "0123456789ABCDEFGHJKLMNPQRTUWXY" {
		if directory.ValidateUSCC("x", body+string(c)) == nil {
			return body + string(c)
		}
	}
	t.Fatalf("no check digit for %s", body)
	return ""
}

const projectJSON = `{"point":"JA-ODI","enterprise_uscc":"91310000MA1FL4B24G","title":"越南海防精密零部件工厂","enterprise_type":"local",
	"country":"VN","industry":"C38","form":"greenfield","total_investment_usd_cents":35000000000,"chinese_investment_usd_cents":35000000000,
	"domestic_input":true,"via_overseas_subsidiary":false,"financing":["own_funds","domestic_loan"]}`

// withField replaces (or with an empty value removes) one field of a JSON object.
func withField(body, field, value string) string {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		panic(err)
	}
	if value == "" {
		delete(m, field)
	} else {
		m[field] = json.RawMessage(value)
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// workdaysAgo is the date n working days before today in Beijing.
func workdaysAgo(t *testing.T, e *env, n int) string {
	t.Helper()
	cal, err := e.app.Workday.Calendar(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	today := workday.DateOf(time.Now().In(time.FixedZone("CST", 8*3600)))
	d, _ := cal.AddWorkdays(today, -n)
	return d.String()
}

func thisYear() string { return strconv.Itoa(time.Now().In(time.FixedZone("CST", 8*3600)).Year()) }

// created is what the tests need of a project opened through the API.
type created struct {
	ID        int64  `json:"id"`
	Reference string `json:"reference"`
}

// createProject opens a project as ja.
func createProject(t *testing.T, e *env, body string) created {
	t.Helper()
	resp := e.do(request{method: "POST", path: "/api/v1/odi/projects", actor: "ja", body: body})
	if resp.StatusCode != http.StatusCreated {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("create project: %d %s", resp.StatusCode, b)
	}
	var p created
	decode(t, resp, &p)
	return p
}

// multipartBody builds a multipart form with one file field.
func multipartBody(t *testing.T, field, name string, content []byte) (string, map[string]string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	if field != "" {
		f, err := w.CreateFormFile(field, name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = f.Write(content)
	}
	_ = w.WriteField("note", "x")
	_ = w.Close()
	return b.String(), map[string]string{"Content-Type": w.FormDataContentType()}
}

var pdf = append([]byte("%PDF-1.7\n1 0 obj\n"), bytes.Repeat([]byte("0"), 200)...)

func TestODIProjectsAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		odiWorld(t, e)
		post := func(actor, body string) request {
			return request{method: "POST", path: "/api/v1/odi/projects", actor: actor, body: body}
		}
		ref := "ODI-JA-ODI-" + thisYear() + "-000001"
		runScenarios(t, e, []scenario{
			{name: "anonymous", req: post("", projectJSON), status: 401},
			{name: "enterprise may not open", req: post("firm", projectJSON), status: 403},
			{name: "provider may not open", req: post("provider", projectJSON), status: 403},
			{name: "staff of another point may not open at Jing'an", req: post("xh", projectJSON), status: 403},
			{name: "a point without ODI capability", req: post("xh", withField(projectJSON, "point", `"XH"`)), status: 400,
				contains: []string{`"field":"point"`, "不提供境外投资（ODI）咨询"}},
			{name: "unknown point", req: post("ja", withField(projectJSON, "point", `"NOPE"`)), status: 400, contains: []string{`"field":"point"`}},
			{name: "unknown enterprise", req: post("ja", withField(projectJSON, "enterprise_uscc", `"`+checkDigit(t, "91310000MA1FL9999")+`"`)), status: 400,
				contains: []string{`"field":"enterprise_uscc"`, "平台上没有登记"}},
			{name: "bad USCC", req: post("ja", withField(projectJSON, "enterprise_uscc", `"913100"`)), status: 400, contains: []string{`"field":"enterprise_uscc"`}},
			{name: "bad request reference", req: post("ja", withField(projectJSON, "request_reference", `"JA/ODI/1"`)), status: 400,
				contains: []string{`"field":"request_reference"`}},
			{name: "negative amount", req: post("ja", withField(projectJSON, "total_investment_usd_cents", "-1")), status: 400,
				contains: []string{`"field":"total_investment_usd_cents"`}},
			{name: "overflowing amount", req: post("ja", withField(projectJSON, "chinese_investment_usd_cents", "1e40")), status: 400,
				contains: []string{`"field":"chinese_investment_usd_cents"`, "金额过大"}},
			{name: "Chinese side above total", req: post("ja", withField(projectJSON, "chinese_investment_usd_cents", "35000000001")), status: 400,
				contains: []string{`"field":"chinese_investment_usd_cents"`}},
			{name: "unknown country and industry", req: post("ja", withField(withField(projectJSON, "country", `"ZZ"`), "industry", `"C99"`)), status: 400,
				contains: []string{`"field":"country"`, `"field":"industry"`}},
			{name: "domestic loan without domestic input", req: post("ja", withField(withField(projectJSON, "domestic_input", "false"), "via_overseas_subsidiary", "true")),
				status: 400, contains: []string{`"field":"financing[1]"`}},
			{name: "rate out of range", req: post("ja", withField(projectJSON, "cny_per_usd", `"0.7"`)), status: 400, contains: []string{`"field":"cny_per_usd"`}},
			{name: "missing fields", req: post("ja", `{"point":"JA-ODI"}`), status: 400,
				contains: []string{`"field":"title"`, `"field":"enterprise_uscc"`, `"field":"total_investment_usd_cents"`, `"field":"domestic_input"`, `"field":"country"`}},
			{name: "wrong type", req: post("ja", withField(projectJSON, "financing", `"own_funds"`)), status: 400, contains: []string{`"field":"financing"`}},
			{name: "unknown field", req: post("ja", withField(projectJSON, "owner", `"x"`)), status: 400, contains: []string{`"field":"owner"`}},
			{name: "malformed", req: post("ja", `{"title":`), status: 400},
			{name: "too large", req: post("ja", withField(projectJSON, "title", `"`+strings.Repeat("x", 40<<10)+`"`)), status: 413},
			{name: "opened", req: post("ja", projectJSON), status: 201,
				contains: []string{`"reference":"` + ref + `"`, `"point_code":"JA-ODI"`, `"home_district":"310104"`, `"status":"active"`,
					`"regime":"ndrc","authority":"ndrc"`, `"action":"filing","level":"national"`, `"authority_name":"国家发展和改革委员会"`,
					`"authority":"provincial_commerce"`, `"authority_name":"上海市商务委员会"`, `"action":"filing","level":"bank"`,
					`"phase":"not_started"`, `"doc":"ndrc_filing_form"`, `"status":"missing"`, `"total_investment_rmb_fen":248500000000`,
					`"assessment":{"steps":[{"authority":"NDRC","action":"filing","level":"national"`}},
		})
		p, err := e.app.ODI.ProjectByReference(context.Background(), ref)
		if err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/api/v1/odi/projects/%d", p.ID)
		ndrc := p.Step(odi.RegimeNDRC)
		submitted, accepted := workdaysAgo(t, e, 3), workdaysAgo(t, e, 2)
		step := func(actor, body string) request {
			return request{method: "PUT", path: path + "/steps/ndrc", actor: actor, body: body}
		}
		stepBody := func(extra string) string {
			return fmt.Sprintf(`{"submitted_on":%q,"accepted_on":%q,"version":%d%s}`, submitted, accepted, ndrc.Version, extra)
		}
		licence := p.Step(odi.RegimeNDRC).Documents[1]
		runScenarios(t, e, []scenario{
			{name: "list as the point", req: request{method: "GET", path: "/api/v1/odi/projects", actor: "ja"}, status: 200,
				contains: []string{`"total":1`, `"reference":"` + ref + `"`, `"steps":[{"regime":"ndrc"`}},
			{name: "list as another point", req: request{method: "GET", path: "/api/v1/odi/projects", actor: "xh"}, status: 200,
				contains: []string{`"items":[]`, `"total":0`}},
			{name: "list as the enterprise", req: request{method: "GET", path: "/api/v1/odi/projects", actor: "firm"}, status: 200, contains: []string{`"total":1`}},
			{name: "list as another enterprise", req: request{method: "GET", path: "/api/v1/odi/projects", actor: "other"}, status: 200, contains: []string{`"total":0`}},
			{name: "list as coordinator, filtered", req: request{method: "GET", path: "/api/v1/odi/projects?point=JA-ODI&status=active&q=海防", actor: "coord"}, status: 200,
				contains: []string{`"total":1`}},
			{name: "list with a bad status", req: request{method: "GET", path: "/api/v1/odi/projects?status=lost", actor: "coord"}, status: 400, contains: []string{`"field":"status"`}},
			{name: "list with a bad page", req: request{method: "GET", path: "/api/v1/odi/projects?per_page=1000", actor: "coord"}, status: 400, contains: []string{`"field":"per_page"`}},
			{name: "list as provider", req: request{method: "GET", path: "/api/v1/odi/projects", actor: "provider"}, status: 403},
			{name: "list anonymously", req: request{method: "GET", path: "/api/v1/odi/projects"}, status: 401},
			{name: "show as the enterprise", req: request{method: "GET", path: path, actor: "firm"}, status: 200, contains: []string{`"reference":"` + ref}},
			{name: "show as another point", req: request{method: "GET", path: path, actor: "xh"}, status: 403},
			{name: "show as another enterprise", req: request{method: "GET", path: path, actor: "other"}, status: 403},
			{name: "show a bad id", req: request{method: "GET", path: "/api/v1/odi/projects/abc", actor: "ja"}, status: 400, contains: []string{`"field":"id"`}},
			{name: "show a missing project", req: request{method: "GET", path: "/api/v1/odi/projects/999999", actor: "ja"}, status: 404},

			// Steps.
			{name: "accepted before submitted", req: step("ja", fmt.Sprintf(`{"submitted_on":%q,"accepted_on":%q,"version":%d}`, accepted, submitted, ndrc.Version)),
				status: 400, contains: []string{`"field":"accepted_on"`, "不能早于提交日期"}},
			{name: "decided before accepted", req: step("ja", stepBody(fmt.Sprintf(`,"decided_on":%q,"decision":"granted"`, submitted))), status: 400,
				contains: []string{`"field":"decided_on"`}},
			{name: "a date in the future", req: step("ja", fmt.Sprintf(`{"submitted_on":"2999-01-01","version":%d}`, ndrc.Version)), status: 400,
				contains: []string{`"field":"submitted_on"`}},
			{name: "not a date", req: step("ja", fmt.Sprintf(`{"submitted_on":"2026-02-30","version":%d}`, ndrc.Version)), status: 400,
				contains: []string{`"field":"submitted_on"`, "YYYY-MM-DD"}},
			{name: "a decision without its date", req: step("ja", stepBody(`,"decision":"granted"`)), status: 400, contains: []string{`"field":"decision"`}},
			{name: "an open request for documents before another", req: step("ja", stepBody(fmt.Sprintf(`,"pauses":[{"requested_on":%q},{"requested_on":%q,"resumed_on":%q}]`,
				accepted, accepted, accepted))), status: 400, contains: []string{`"field":"pauses[0].resumed_on"`}},
			{name: "an extension beyond the limit", req: step("ja", stepBody(`,"extended_workdays":3`)), status: 400, contains: []string{`"field":"extended_workdays"`}},
			{name: "without version", req: step("ja", fmt.Sprintf(`{"submitted_on":%q}`, submitted)), status: 400, contains: []string{`"field":"version"`}},
			{name: "a stale version", req: step("ja", fmt.Sprintf(`{"submitted_on":%q,"version":%d}`, submitted, ndrc.Version+5)), status: 409},
			{name: "a date of the wrong type", req: step("ja", `{"submitted_on":20260302,"version":1}`), status: 400, contains: []string{`"field":"submitted_on"`}},
			{name: "an unknown regime", req: request{method: "PUT", path: path + "/steps/cbirc", actor: "ja", body: stepBody("")}, status: 404},
			{name: "another point may not record", req: step("xh", stepBody("")), status: 403},
			{name: "the enterprise may not record", req: step("firm", stepBody("")), status: 403},
			{name: "first step's dates: the clock runs", req: step("ja", stepBody("")), status: 200,
				contains: []string{`"submitted_on":"` + submitted, `"accepted_on":"` + accepted, `"phase":"running"`, `"used_workdays":2`, `"left_workdays":5`,
					`"limit_workdays":7`}},
			{name: "the bank's step: nothing to extend", req: request{method: "PUT", path: path + "/steps/safe", actor: "ja",
				body: fmt.Sprintf(`{"submitted_on":%q,"extended_workdays":1,"version":1}`, submitted)}, status: 400, contains: []string{`"field":"extended_workdays"`}},

			// Overrides.
			{name: "override without a reason", req: request{method: "PUT", path: path + "/overrides", actor: "ja",
				body: `{"version":1,"overrides":[{"flag":"mofcom_industry","sensitive":true}]}`}, status: 400, contains: []string{`"field":"overrides[0].reason"`}},
			{name: "override of an unknown flag", req: request{method: "PUT", path: path + "/overrides", actor: "ja",
				body: `{"version":1,"overrides":[{"flag":"safe","sensitive":true,"reason":"x"}]}`}, status: 400, contains: []string{`"field":"overrides[0].flag"`}},
			{name: "override by someone trying to set who did it", req: request{method: "PUT", path: path + "/overrides", actor: "ja",
				body: `{"version":1,"overrides":[{"flag":"mofcom_industry","sensitive":true,"reason":"x","by":"boss"}]}`}, status: 400,
				contains: []string{`"field":"by"`}},
			{name: "override by another point", req: request{method: "PUT", path: path + "/overrides", actor: "xh",
				body: `{"version":1,"overrides":[]}`}, status: 403},
			{name: "override: MOFCOM now approves", req: request{method: "PUT", path: path + "/overrides", actor: "ja",
				body: `{"version":1,"overrides":[{"flag":"mofcom_industry","sensitive":true,"reason":"产品含出口管制零部件"}]}`}, status: 200,
				contains: []string{`"regime":"mofcom","authority":"mofcom","action":"approval"`, `"authority_name":"商务部"`, `"by":"ja-staff"`, "产品含出口管制零部件"}},

			// Documents.
			{name: "rejected without saying why", req: request{method: "PUT", path: fmt.Sprintf("%s/documents/%d", path, licence.ID), actor: "ja",
				body: `{"status":"rejected","version":1}`}, status: 400, contains: []string{`"field":"note"`}},
			{name: "unknown status", req: request{method: "PUT", path: fmt.Sprintf("%s/documents/%d", path, licence.ID), actor: "ja",
				body: `{"status":"lost","version":1}`}, status: 400, contains: []string{`"field":"status"`}},
			{name: "unknown document", req: request{method: "PUT", path: path + "/documents/999999", actor: "ja", body: `{"status":"accepted","version":1}`}, status: 404},
			{name: "the enterprise may not review", req: request{method: "PUT", path: fmt.Sprintf("%s/documents/%d", path, licence.ID), actor: "firm",
				body: `{"status":"accepted","version":1}`}, status: 403},
			{name: "reviewed", req: request{method: "PUT", path: fmt.Sprintf("%s/documents/%d", path, licence.ID), actor: "ja",
				body: `{"status":"waived","note":"已在备案系统中","version":1}`}, status: 200, contains: []string{`"status":"waived"`, "已在备案系统中"}},

			// Milestones.
			{name: "completion report before completion", req: request{method: "PUT", path: path + "/milestones", actor: "ja",
				body: `{"version":3,"completion_report_on":"2026-01-05"}`}, status: 400, contains: []string{`"field":"completion_report_on"`}},
			{name: "milestones without version", req: request{method: "PUT", path: path + "/milestones", actor: "ja", body: `{}`}, status: 400,
				contains: []string{`"field":"version"`}},
			{name: "milestones by the enterprise", req: request{method: "PUT", path: path + "/milestones", actor: "firm", body: `{"version":3}`}, status: 403},

			// Editing the project.
			{name: "the enterprise cannot be changed", req: request{method: "PUT", path: path, actor: "ja", body: withField(withField(projectJSON, "version", "1"), "point", "")},
				status: 400, contains: []string{`"field":"enterprise_uscc"`, "不认识的字段"}},
			{name: "edit without version", req: request{method: "PUT", path: path, actor: "ja",
				body: withField(withField(projectJSON, "point", ""), "enterprise_uscc", "")}, status: 400, contains: []string{`"field":"version"`}},
			{name: "edit: a wrong type names the field", req: request{method: "PUT", path: path, actor: "ja", body: `{"version":2,"financing":"own_funds"}`},
				status: 400, contains: []string{`"field":"financing"`}},
			{name: "edit by the enterprise", req: request{method: "PUT", path: path, actor: "firm", body: `{"version":2}`}, status: 403},
			{name: "edit", req: request{method: "PUT", path: path, actor: "ja",
				body: withField(withField(withField(withField(projectJSON, "version", "2"), "point", ""), "enterprise_uscc", ""), "form", `"ma"`)},
				status: 200, contains: []string{`"form":"ma"`, `"doc":"due_diligence_report"`}},
			{name: "edit conflict", req: request{method: "PUT", path: path, actor: "ja",
				body: withField(withField(withField(projectJSON, "version", "2"), "point", ""), "enterprise_uscc", "")}, status: 409},
		})

		// Uploads: the enterprise sends its licence; the type is read from the content.
		upload := func(actor, field, name string, content []byte) request {
			body, h := multipartBody(t, field, name, content)
			return request{method: "POST", path: fmt.Sprintf("%s/documents/%d/files", path, licence.ID), actor: actor, body: body, header: h}
		}
		runScenarios(t, e, []scenario{
			{name: "the enterprise uploads a PDF", req: upload("firm", "file", "营业执照.pdf", pdf), status: 201,
				contains: []string{`"filename":"营业执照.pdf"`, `"content_type":"application/pdf"`, `"uploaded_by":"firm"`}},
			{name: "HTML named .pdf", req: upload("ja", "file", "licence.pdf", []byte("<!DOCTYPE html><script>alert(1)</script>")), status: 400,
				contains: []string{`"field":"file"`, "text/html"}},
			{name: "no file", req: upload("ja", "", "", nil), status: 400, contains: []string{`"field":"file"`}},
			{name: "empty file", req: upload("ja", "file", "x.pdf", nil), status: 400, contains: []string{`"field":"file"`}},
			{name: "another enterprise", req: upload("other", "file", "x.pdf", pdf), status: 403},
			{name: "another point", req: upload("xh", "file", "x.pdf", pdf), status: 403},
			{name: "provider", req: upload("provider", "file", "x.pdf", pdf), status: 403},
			{name: "over 10 MiB", req: upload("ja", "file", "big.pdf", append([]byte("%PDF-"), make([]byte, odi.MaxUploadBytes+1)...)), status: 400,
				contains: []string{`"field":"file"`, "10 MiB"}},
			{name: "far over the limit", req: upload("ja", "file", "huge.pdf", make([]byte, odi.MaxUploadBytes+200<<10)), status: 413},
			{name: "not multipart", req: request{method: "POST", path: fmt.Sprintf("%s/documents/%d/files", path, licence.ID), actor: "ja", body: `{}`}, status: 400},
		})
		p, err = e.app.ODI.ProjectByReference(context.Background(), ref)
		if err != nil {
			t.Fatal(err)
		}
		_, doc := p.Document(licence.ID)
		if len(doc.Files) != 1 {
			t.Fatalf("files %+v", doc.Files)
		}
		file := fmt.Sprintf("%s/files/%d", path, doc.Files[0].ID)
		runScenarios(t, e, []scenario{
			{name: "download as the point", req: request{method: "GET", path: file, actor: "ja"}, status: 200, contains: []string{"%PDF-1.7"},
				after: func(t *testing.T, e *env) {
					resp := e.do(request{method: "GET", path: file, actor: "firm"})
					defer resp.Body.Close()
					if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || resp.Header.Get("Content-Type") != "application/pdf" {
						t.Errorf("download headers %v", resp.Header)
					}
				}},
			{name: "download as another enterprise", req: request{method: "GET", path: file, actor: "other"}, status: 403},
			{name: "download through another project's path", req: request{method: "GET", path: fmt.Sprintf("/api/v1/odi/projects/999999/files/%d", doc.Files[0].ID), actor: "ja"}, status: 404},
			{name: "download a bad id", req: request{method: "GET", path: path + "/files/x", actor: "ja"}, status: 400},
		})
	})
}

func TestODIAlertsReachThePointsInbox(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		odiWorld(t, e)
		p := createProject(t, e, projectJSON)
		// Accepted ten working days ago, the NDRC filing (7 days) is past its limit.
		body := fmt.Sprintf(`{"submitted_on":%q,"accepted_on":%q,"version":1}`, workdaysAgo(t, e, 11), workdaysAgo(t, e, 10))
		runScenarios(t, e, []scenario{{name: "overdue step", req: request{method: "PUT", path: fmt.Sprintf("/api/v1/odi/projects/%d/steps/ndrc", p.ID), actor: "ja", body: body},
			status: 200, contains: []string{`"overdue":true`, `"kind":"clock_overdue"`, "已超过法定时限"}}})
		ctx := context.Background()
		for _, who := range []string{"ja", "jalead"} {
			items, total, err := e.app.Notify.Inbox(ctx, e.users[who], false, 1, 20)
			if err != nil {
				t.Fatal(err)
			}
			if total != 1 || items[0].Topic != "odi.deadline" || items[0].Link != fmt.Sprintf("/odi/projects/%d", p.ID) {
				t.Fatalf("%s's inbox: %d %+v", who, total, items)
			}
			subject, text := items[0].Render(e.app.Cat, "zh-CN")
			if !strings.Contains(subject, p.Reference) || !strings.Contains(text, "已超过法定时限") {
				t.Errorf("%s's alert: %q / %q", who, subject, text)
			}
		}
		if _, total, _ := e.app.Notify.Inbox(ctx, e.users["xh"], false, 1, 20); total != 0 {
			t.Errorf("another point was told: %d", total)
		}
		tomorrow := workday.DateOf(time.Now().In(time.FixedZone("CST", 8*3600))).AddDays(1)
		st, err := jobs.Lookup(ctx, e.app.DB, odi.SweepKind, "sweep:"+tomorrow.String())
		if err != nil || st.State != jobs.StatePending {
			t.Errorf("tomorrow's sweep: %+v %v", st, err)
		}
		// Saving again raises nothing new.
		p2, err := e.app.ODI.Project(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		runScenarios(t, e, []scenario{{name: "saved again", req: request{method: "PUT", path: fmt.Sprintf("/api/v1/odi/projects/%d/steps/ndrc", p.ID), actor: "ja",
			body: strings.Replace(body, `"version":1`, fmt.Sprintf(`"version":%d`, p2.Step(odi.RegimeNDRC).Version), 1)}, status: 200}})
		if _, total, _ := e.app.Notify.Inbox(ctx, e.users["ja"], false, 1, 20); total != 1 {
			t.Errorf("alert raised twice: %d", total)
		}
	})
}
