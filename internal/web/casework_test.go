package web_test

import (
	"chuhai/internal/web"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"chuhai/internal/auth"
	"chuhai/internal/casework"
	"chuhai/internal/directory"
)

// caseworkFixture is the demo network and directory with accounts around the journey of the design:
// a Xuhui enterprise, staff of Xuhui's point and of Jing'an's ODI point, two providers that advise
// on ODI in Vietnam, and a coordinator.
type caseworkFixture struct {
	firm          directory.Enterprise
	lawA, lawB    directory.Provider
	xh, ja, jaodi int64
}

func caseworkActors(t *testing.T, e *env) caseworkFixture {
	t.Helper()
	ctx := context.Background()
	withDemo(t, e)
	var f caseworkFixture
	for code, id := range map[string]*int64{"XH": &f.xh, "JA": &f.ja, "JA-ODI": &f.jaodi} {
		p, err := e.app.Network.PointByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		*id = p.ID
	}
	xe, _, err := e.app.Directory.ListEnterprises(ctx, directory.EnterpriseFilter{District: "310104", Sort: "created", Limit: 1})
	if err != nil || len(xe) == 0 {
		t.Fatal(err)
	}
	f.firm = xe[0]
	ps, _, err := e.app.Directory.ListProviders(ctx, directory.ProviderFilter{Category: "legal", Country: "VN", Limit: 2})
	if err != nil || len(ps) < 2 {
		t.Fatalf("providers %v %v", ps, err)
	}
	f.lawA, f.lawB = ps[0], ps[1]
	e.as("firm", auth.NewUser{Login: "cw-firm", Role: auth.EnterpriseAdmin, EnterpriseID: f.firm.ID})
	e.as("xh", auth.NewUser{Login: "cw-xh", Role: auth.PointStaff, PointID: f.xh})
	e.as("ja", auth.NewUser{Login: "cw-ja", Role: auth.PointStaff, PointID: f.ja})
	e.as("odi", auth.NewUser{Login: "cw-odi", Role: auth.PointStaff, PointID: f.jaodi})
	e.as("odi-lead", auth.NewUser{Login: "cw-odi-lead", Role: auth.PointLead, PointID: f.jaodi})
	e.as("coord", auth.NewUser{Login: "cw-coord", Role: auth.CityCoordinator})
	e.as("law-a", auth.NewUser{Login: "cw-law-a", Role: auth.ProviderAdmin, ProviderID: f.lawA.ID})
	e.as("law-b", auth.NewUser{Login: "cw-law-b", Role: auth.ProviderAdmin, ProviderID: f.lawB.ID})
	return f
}

// call sends a request and decodes a JSON answer into v (when v is not nil), failing on another status.
func (e *env) casework(t *testing.T, r request, status int, v any) http.Header {
	t.Helper()
	resp := e.do(r)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		t.Fatalf("%s %s as %s: %d, want %d: %.500s", r.method, r.path, r.actor, resp.StatusCode, status, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("decode %s: %v", b, err)
		}
	}
	return resp.Header
}

func (e *env) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.app.DB.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

const odiRequest = `{"topic":"odi","countries":["VN"],"title":"越南北宁工厂 ODI 备案","description":"拟在越南北宁设立工厂，需办理发改委、商务部门备案和外汇登记。"}`

func TestCaseworkAPIJourney(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := caseworkActors(t, e)
		key := map[string]string{"Idempotency-Key": "journey-1"}
		var req casework.Request
		h := e.casework(t, request{method: "POST", path: "/api/v1/requests", actor: "firm", body: odiRequest, header: key}, 201, &req)
		if !strings.HasPrefix(req.Ref, "JA-ODI-") || req.Point.Code != "JA-ODI" || req.HomeDistrict != "310104" || req.Routing.Kind != casework.RuleCapability {
			t.Fatalf("request %+v", req)
		}
		if h.Get("Location") != "/api/v1/requests/"+req.Ref {
			t.Errorf("location %q", h.Get("Location"))
		}
		// A retried POST creates nothing twice.
		var again casework.Request
		if e.casework(t, request{method: "POST", path: "/api/v1/requests", actor: "firm", body: odiRequest, header: key}, 201, &again).Get("Idempotent-Replayed") != "true" || again.Ref != req.Ref {
			t.Errorf("retry gave %s", again.Ref)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM casework_request`); n != 1 {
			t.Errorf("%d requests after a retry", n)
		}
		var list web.List[casework.Request]
		for actor, want := range map[string]int{"firm": 1, "odi": 1, "xh": 0, "coord": 1} {
			e.casework(t, request{method: "GET", path: "/api/v1/requests", actor: actor}, 200, &list)
			if list.Total != want {
				t.Errorf("%s lists %d, want %d", actor, list.Total, want)
			}
		}
		path := "/api/v1/requests/" + req.Ref
		runScenarios(t, e, []scenario{
			{name: "another point", req: request{method: "GET", path: path, actor: "xh"}, status: 403},
			{name: "a provider", req: request{method: "GET", path: path, actor: "law-a"}, status: 403},
			{name: "anonymous", req: request{method: "GET", path: path}, status: 401},
			{name: "no such request", req: request{method: "GET", path: "/api/v1/requests/JA-ODI-2026-999999", actor: "coord"}, status: 404},
			{name: "not a reference", req: request{method: "GET", path: "/api/v1/requests/hello", actor: "coord"}, status: 404},
			{name: "stale version", req: request{method: "POST", path: path + "/transitions", actor: "odi", body: `{"action":"triage","version":9}`}, status: 409},
			{name: "not allowed now", req: request{method: "POST", path: path + "/transitions", actor: "odi", body: `{"action":"close","version":1}`}, status: 409,
				contains: []string{"submitted", "triage"}},
			{name: "the enterprise cannot triage", req: request{method: "POST", path: path + "/transitions", actor: "firm", body: `{"action":"triage","version":1}`}, status: 403},
		})
		var view web.RequestView
		e.casework(t, request{method: "GET", path: path, actor: "firm"}, 200, &view)
		if len(view.Timeline) != 1 || view.Timeline[0].Kind != "submitted" || len(view.Servings) != 1 {
			t.Errorf("view %+v", view.Timeline)
		}
		e.casework(t, request{method: "POST", path: path + "/transitions", actor: "odi", body: `{"action":"triage","version":1}`}, 200, &req)

		// Staff pick two providers from the directory's ranking and refer the request to both.
		var matches []casework.Match
		e.casework(t, request{method: "GET", path: path + "/matches", actor: "odi"}, 200, &matches)
		if len(matches) == 0 {
			t.Error("no providers proposed")
		}
		var refs []casework.Referral
		e.casework(t, request{method: "POST", path: path + "/referrals", actor: "odi",
			body: fmt.Sprintf(`{"provider_ids":[%d,%d],"note":"两家均熟悉越南 ODI"}`, f.lawA.ID, f.lawB.ID)}, 201, &refs)
		if len(refs) != 2 {
			t.Fatalf("referrals %+v", refs)
		}
		var mine web.List[casework.Referral]
		e.casework(t, request{method: "GET", path: "/api/v1/referrals", actor: "law-a"}, 200, &mine)
		if mine.Total != 1 || mine.Items[0].Request == nil || mine.Items[0].Request.Ref != req.Ref {
			t.Fatalf("provider's referrals %+v", mine)
		}
		var accepted casework.Referral
		e.casework(t, request{method: "POST", path: fmt.Sprintf("/api/v1/referrals/%d/response", refs[0].ID), actor: "law-a",
			body: fmt.Sprintf(`{"accept":true,"version":%d}`, refs[0].Version)}, 200, &accepted)
		runScenarios(t, e, []scenario{
			{name: "answering another's referral", req: request{method: "POST", path: fmt.Sprintf("/api/v1/referrals/%d/response", refs[1].ID),
				actor: "law-a", body: `{"accept":true,"version":1}`}, status: 403},
			{name: "declining without a reason", req: request{method: "POST", path: fmt.Sprintf("/api/v1/referrals/%d/response", refs[1].ID),
				actor: "law-b", body: `{"accept":false,"version":1}`}, status: 400, contains: []string{`"field":"reason"`}},
		})

		// The engagement, an invoice over the amount (refused), then one within it.
		today := time.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01-02")
		var eng casework.Engagement
		e.casework(t, request{method: "POST", path: "/api/v1/engagements", actor: "odi",
			body: fmt.Sprintf(`{"referral_id":%d,"scope":"ODI 备案全流程","amount_fen":8000000,"start_on":"%s","end_on":"%s"}`, accepted.ID, today, today)}, 201, &eng)
		epath := fmt.Sprintf("/api/v1/engagements/%d", eng.ID)
		before := e.count(t, `SELECT COUNT(*) FROM casework_invoice`)
		runScenarios(t, e, []scenario{
			{name: "invoice over the amount", req: request{method: "POST", path: epath + "/invoices", actor: "law-a",
				body: fmt.Sprintf(`{"number":"INV-1","amount_fen":8000001,"issued_on":"%s"}`, today)}, status: 400,
				contains: []string{`"field":"amount_fen"`, "80,000.00"}, after: func(t *testing.T, e *env) {
					if e.count(t, `SELECT COUNT(*) FROM casework_invoice`) != before {
						t.Error("a refused invoice was written")
					}
				}},
			{name: "invoice dated tomorrow", req: request{method: "POST", path: epath + "/invoices", actor: "law-a",
				body: `{"number":"INV-1","amount_fen":100,"issued_on":"2099-01-01"}`}, status: 400, contains: []string{`"field":"issued_on"`}},
			{name: "the other provider", req: request{method: "POST", path: epath + "/invoices", actor: "law-b",
				body: fmt.Sprintf(`{"number":"INV-1","amount_fen":100,"issued_on":"%s"}`, today)}, status: 403},
		})
		e.casework(t, request{method: "POST", path: epath + "/invoices", actor: "law-a",
			body: fmt.Sprintf(`{"number":"INV-1","amount_fen":8000000,"issued_on":"%s"}`, today)}, 201, &eng)
		e.casework(t, request{method: "POST", path: epath + "/completion", actor: "law-a",
			body: fmt.Sprintf(`{"version":%d,"completed_on":"%s"}`, eng.Version, today)}, 200, &eng)
		e.casework(t, request{method: "POST", path: epath + "/feedback", actor: "firm", body: `{"rating":5,"comment":"专业高效"}`}, 200, &eng)
		if eng.Rating != 5 || len(eng.Invoices) != 1 {
			t.Errorf("engagement %+v", eng)
		}
		if n := e.count(t, `SELECT rating_count FROM provider WHERE id = $1`, f.lawA.ID); n < 1 {
			t.Errorf("rating count %d after the rating", n)
		}
		var credit casework.Credit
		e.casework(t, request{method: "GET", path: "/api/v1/casework/credit", actor: "coord"}, 200, &credit)
		districts := map[string]casework.DistrictCredit{}
		for _, d := range credit.Districts {
			districts[d.Region] = d
		}
		if districts["310104"].Home != 1 || districts["310104"].Served != 0 || districts["310106"].Served != 1 || districts["310106"].Home != 0 {
			t.Errorf("credit %+v", credit.Districts)
		}
	})
}

func TestCaseworkBadInputWritesNothing(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		caseworkActors(t, e)
		exe := base64.StdEncoding.EncodeToString([]byte("MZ\x90\x00\x03\x00\x00\x00\x04"))
		big := base64.StdEncoding.EncodeToString(append([]byte("%PDF-1.4\n"), make([]byte, casework.MaxAttachmentBytes)...))
		rows := func(t *testing.T, e *env) int {
			return e.count(t, `SELECT (SELECT COUNT(*) FROM casework_request) + (SELECT COUNT(*) FROM casework_attachment) + (SELECT COUNT(*) FROM casework_event)`)
		}
		nothing := func(before int) func(t *testing.T, e *env) {
			return func(t *testing.T, e *env) {
				if rows(t, e) != before {
					t.Error("a refused request wrote something")
				}
			}
		}
		post := func(body string) request {
			return request{method: "POST", path: "/api/v1/requests", actor: "firm", body: body}
		}
		with := func(field string) string {
			return strings.Replace(odiRequest, `"topic":"odi",`, `"topic":"odi",`+field+`,`, 1)
		}
		b := rows(t, e)
		runScenarios(t, e, []scenario{
			{name: "unknown topic", req: post(strings.Replace(odiRequest, `"odi"`, `"fortune_telling"`, 1)), status: 400,
				contains: []string{`"field":"topic"`, "fortune_telling"}, after: nothing(b)},
			{name: "impossible date", req: post(with(`"needed_by":"2026-02-30"`)), status: 400, contains: []string{`"field":"needed_by"`}, after: nothing(b)},
			{name: "date in the past", req: post(with(`"needed_by":"2020-01-01"`)), status: 400, contains: []string{`"field":"needed_by"`}, after: nothing(b)},
			{name: "an executable", req: post(with(`"attachments":[{"name":"scan.pdf","content":"` + exe + `"}]`)), status: 400,
				contains: []string{`"field":"attachments[0]"`}, after: nothing(b)},
			{name: "a file over the limit", req: post(with(`"attachments":[{"name":"scan.pdf","content":"` + big + `"}]`)), status: 400,
				contains: []string{`"field":"attachments[0]"`, "10 MiB"}, after: nothing(b)},
			{name: "a body over the route's limit", req: post(strings.Repeat(" ", 17<<20) + odiRequest), status: 413, after: nothing(b)},
			{name: "the home district is not the request's to set", req: post(with(`"home_district":"310106"`)), status: 400,
				contains: []string{`"field":"home_district"`}, after: nothing(b)},
			{name: "malformed JSON", req: post(`{"topic":`), status: 400, after: nothing(b)},
			{name: "wrong type", req: post(with(`"abroad":"yes"`)), status: 400, contains: []string{`"field":"abroad"`}, after: nothing(b)},
			{name: "a provider submits", req: request{method: "POST", path: "/api/v1/requests", actor: "law-a", body: odiRequest}, status: 403, after: nothing(b)},
			{name: "a visitor without contact details", req: request{method: "POST", path: "/api/v1/requests", body: odiRequest}, status: 400,
				contains: []string{`"field":"contact.name"`}, after: nothing(b)},
		})
		// A double submit: the second POST with the key and another body is refused.
		key := map[string]string{"Idempotency-Key": "double"}
		e.casework(t, request{method: "POST", path: "/api/v1/requests", actor: "firm", body: odiRequest, header: key}, 201, nil)
		b = rows(t, e)
		runScenarios(t, e, []scenario{
			{name: "same key, other body", req: request{method: "POST", path: "/api/v1/requests", actor: "firm", header: key,
				body: strings.Replace(odiRequest, "北宁", "河内", 1)}, status: 422, after: nothing(b)},
		})
		// A visitor may ask for basic information.
		var v casework.Request
		e.casework(t, request{method: "POST", path: "/api/v1/requests", body: `{"topic":"tax","title":"出口退税","description":"流程？","contact":{"name":"王女士","phone":"13800000000"}}`}, 201, &v)
		if v.Point.Code != "SH" || v.Contact == nil {
			t.Errorf("visitor's request %+v", v)
		}
	})
}

func TestCaseworkPages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := caseworkActors(t, e)
		var req casework.Request
		e.casework(t, request{method: "POST", path: "/api/v1/requests", actor: "firm", body: odiRequest}, 201, &req)
		form := func(actor, path string, v url.Values) request {
			return request{method: "POST", path: path, actor: actor, body: v.Encode()}
		}
		page := "/console/casework/requests/" + req.Ref
		runScenarios(t, e, []scenario{
			{name: "the ODI point's queue", req: request{method: "GET", path: "/console/casework", actor: "odi"}, status: 200,
				contains: []string{req.Ref, `class="sla sla-on_track"`, "越南北宁工厂", `name="assignee_id"`}},
			{name: "Xuhui's queue is empty", req: request{method: "GET", path: "/console/casework", actor: "xh"}, status: 200,
				absent: []string{req.Ref}},
			{name: "queue filter error", req: request{method: "GET", path: "/console/casework?sla=purple", actor: "odi"}, status: 400,
				contains: []string{`role="alert"`}},
			{name: "request page", req: request{method: "GET", path: page, actor: "odi"}, status: 200,
				contains: []string{"<h1", req.Ref, "ODI", `value="triage"`, "推荐服务商", "办理记录", `name="pick"`}},
			{name: "request page in English", req: request{method: "GET", path: page, actor: "odi", header: map[string]string{"Accept-Language": "en"}}, status: 200,
				contains: []string{"Timeline", "Submitted via Online"}},
			{name: "another point's staff", req: request{method: "GET", path: page, actor: "xh"}, status: 403},
			{name: "triage by form", req: form("odi", "/requests/"+req.Ref+"/transitions", url.Values{"action": {"triage"}, "version": {"1"}}), status: 303},
			{name: "stale form", req: form("odi", "/requests/"+req.Ref+"/transitions", url.Values{"action": {"start"}, "version": {"1"}}), status: 409,
				contains: []string{`role="alert"`}},
			{name: "resolution without text", req: form("odi", "/requests/"+req.Ref+"/transitions", url.Values{"action": {"resolve"}, "version": {"2"}}), status: 400,
				contains: []string{`aria-invalid="true"`, "field-error"}},
			{name: "referral by form", req: form("odi", "/requests/"+req.Ref+"/referrals", url.Values{"pick": {fmt.Sprintf("%d:1", f.lawA.ID)}}), status: 303},
			{name: "bad provider number", req: form("odi", "/requests/"+req.Ref+"/referrals", url.Values{"provider_ids": {"abc"}}), status: 400,
				contains: []string{"field-error"}},
			{name: "my requests", req: request{method: "GET", path: "/requests", actor: "firm"}, status: 200, contains: []string{req.Ref, "已受理"}},
			{name: "my request", req: request{method: "GET", path: "/requests/" + req.Ref, actor: "firm"}, status: 200,
				contains: []string{`aria-current="step"`, "撤回请求", `name="pick"`}, absent: []string{"内部"}},
			{name: "the enterprise picks a provider", req: form("firm", "/requests/"+req.Ref+"/referrals", url.Values{"pick": {fmt.Sprintf("%d:2", f.lawB.ID)}}),
				status: 303},
			{name: "provider's referrals", req: request{method: "GET", path: "/console/referrals", actor: "law-a"}, status: 200,
				contains: []string{req.Ref, `value="accept"`}},
			{name: "the form for visitors", req: request{method: "GET", path: "/requests/new"}, status: 200, contains: []string{`name="contact_name"`, `enctype="multipart/form-data"`}},
			{name: "a visitor's incomplete form", req: form("", "/requests", url.Values{"topic": {"tax"}, "title": {"退税"}, "description": {"流程"}}), status: 400,
				contains: []string{`aria-invalid="true"`, "f-cphone"}},
			{name: "a visitor's request", req: form("", "/requests", url.Values{"topic": {"tax"}, "title": {"退税"}, "description": {"流程"},
				"contact_name": {"王女士"}, "contact_email": {"wang@example.cn"}}), status: 303},
			{name: "rules page", req: request{method: "GET", path: "/console/casework/rules", actor: "coord"}, status: 200,
				contains: []string{"分派规则", "specialised_point", `action="/console/casework/rules"`}},
			{name: "rules page for staff: read only", req: request{method: "GET", path: "/console/casework/rules", actor: "odi"}, status: 200,
				absent: []string{`action="/console/casework/rules"`}},
			{name: "a rule without a topic", req: form("coord", "/console/casework/rules", url.Values{"position": {"5"}, "kind": {"capability"},
				"name_zh": {"测试"}, "name_en": {"Test"}}), status: 400, contains: []string{"field-error"}},
			{name: "a rule", req: form("coord", "/console/casework/rules", url.Values{"position": {"5"}, "kind": {"fixed"}, "target_point": {"XH"},
				"channel": {"phone"}, "name_zh": {"电话咨询由徐汇承接"}, "name_en": {"Phone to Xuhui"}, "active": {"1"}}), status: 303},
			{name: "staff cannot edit rules", req: form("odi", "/console/casework/rules", url.Values{"position": {"5"}}), status: 403},
			{name: "credit page", req: request{method: "GET", path: "/console/casework/credit", actor: "xh"}, status: 200,
				contains: []string{`data-region="310104"`, `data-point="JA-ODI"`}},
		})
		if n := e.count(t, `SELECT COUNT(*) FROM casework_referral`); n != 2 {
			t.Errorf("%d referrals", n)
		}
		// Bulk assignment from the queue, against the versions the queue showed.
		var r casework.Request
		e.casework(t, request{method: "GET", path: "/api/v1/requests/" + req.Ref, actor: "odi"}, 200, &r)
		lead := e.users["odi-lead"]
		runScenarios(t, e, []scenario{
			{name: "bulk assign", req: form("odi", "/console/casework/assign", url.Values{"assignee_id": {fmt.Sprint(lead)},
				"ref": {fmt.Sprintf("%s:%d", r.Ref, r.Version), "JA-ODI-2026-999999:1"}}), status: 303},
			{name: "bulk assign with nothing ticked", req: form("odi", "/console/casework/assign", url.Values{"assignee_id": {fmt.Sprint(lead)}}), status: 400},
		})
		e.casework(t, request{method: "GET", path: "/api/v1/requests/" + req.Ref, actor: "odi"}, 200, &r)
		if r.Assignee == nil || r.Assignee.ID != lead {
			t.Errorf("assignee %+v", r.Assignee)
		}
	})
}
