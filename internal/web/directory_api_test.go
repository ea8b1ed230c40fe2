package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"chuhai/internal/auth"
	"chuhai/internal/directory"
)

// directoryActors signs in one account of every role around the demo: staff of Xuhui's district
// point and of Jing'an's, a coordinator, a Xuhui enterprise and a provider.
type directoryFixture struct {
	xuhuiEnt, jinganEnt directory.Enterprise
	provider, pending   directory.Provider
}

func directoryActors(t *testing.T, e *env) directoryFixture {
	t.Helper()
	ctx := context.Background()
	withDemo(t, e)
	xh, err := e.app.Network.PointByCode(ctx, "XH")
	if err != nil {
		t.Fatal(err)
	}
	ja, err := e.app.Network.PointByCode(ctx, "JA")
	if err != nil {
		t.Fatal(err)
	}
	var f directoryFixture
	xe, _, err := e.app.Directory.ListEnterprises(ctx, directory.EnterpriseFilter{District: "310104", Sort: "created", Limit: 1})
	if err != nil || len(xe) == 0 {
		t.Fatal(err)
	}
	je, _, err := e.app.Directory.ListEnterprises(ctx, directory.EnterpriseFilter{District: "310106", Sort: "created", Limit: 1})
	if err != nil || len(je) == 0 {
		t.Fatal(err)
	}
	f.xuhuiEnt, f.jinganEnt = xe[0], je[0]
	ps, _, err := e.app.Directory.ListProviders(ctx, directory.ProviderFilter{Category: "legal", Country: "VN", Limit: 1})
	if err != nil || len(ps) == 0 {
		t.Fatal(err)
	}
	f.provider = ps[0]
	f.pending, err = e.app.Directory.CreateProvider(ctx, directory.ProviderInput{NameZh: "待核验示例机构", Categories: []string{"legal"}})
	if err != nil || f.pending.Status != directory.ProviderPending {
		t.Fatalf("pending provider: %+v %v", f.pending, err)
	}
	e.as("coord", auth.NewUser{Role: auth.CityCoordinator})
	e.as("root", auth.NewUser{Role: auth.SystemAdmin})
	e.as("xh", auth.NewUser{Login: "xh-staff", Role: auth.PointStaff, PointID: xh.ID})
	e.as("xh-lead", auth.NewUser{Role: auth.PointLead, PointID: xh.ID})
	e.as("ja", auth.NewUser{Login: "ja-staff", Role: auth.PointStaff, PointID: ja.ID})
	e.as("ent", auth.NewUser{Login: "ent-admin", Role: auth.EnterpriseAdmin, EnterpriseID: f.xuhuiEnt.ID})
	e.as("ent-member", auth.NewUser{Role: auth.EnterpriseMember, EnterpriseID: f.xuhuiEnt.ID})
	e.as("prov", auth.NewUser{Role: auth.ProviderAdmin, ProviderID: f.provider.ID})
	e.as("prov-member", auth.NewUser{Role: auth.ProviderMember, ProviderID: f.provider.ID})
	return f
}

const newEnterprise = `{"uscc":"91310000MA1FL4B24G","name_zh":"上海示例精密部件有限公司","address_zh":"上海市徐汇区漕宝路1号",
	"industry":"C34","size_class":"small","ownership":"private","markets":["VN","泰国"],
	"contacts":[{"name":"王经理","phone":"021-64001234"}]}`

func TestDirectoryEnterpriseAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := directoryActors(t, e)
		en := map[string]string{"Accept-Language": "en"}
		own := fmt.Sprintf("/api/v1/enterprises/%d", f.xuhuiEnt.ID)
		other := fmt.Sprintf("/api/v1/enterprises/%d", f.jinganEnt.ID)
		update := func(version int, nameEn string) string {
			in := f.xuhuiEnt.Input()
			in.NameEn = nameEn
			b, _ := json.Marshal(struct {
				directory.EnterpriseInput
				Version int `json:"version"`
			}{in, version})
			return string(b)
		}
		runScenarios(t, e, []scenario{
			{name: "anonymous list", req: request{method: "GET", path: "/api/v1/enterprises"}, status: 401},
			{name: "enterprise may not list", req: request{method: "GET", path: "/api/v1/enterprises", actor: "ent"}, status: 403},
			{name: "Xuhui staff list their district", req: request{method: "GET", path: "/api/v1/enterprises?per_page=100", actor: "xh"}, status: 200,
				contains: []string{`"home_district":"310104"`}, absent: []string{`"home_district":"310106"`}},
			{name: "Xuhui staff may not ask for Jing'an", req: request{method: "GET", path: "/api/v1/enterprises?district=310106", actor: "xh"}, status: 400,
				contains: []string{`"field":"district"`}},
			{name: "coordinator filters", req: request{method: "GET", path: "/api/v1/enterprises?district=静安&sort=name&per_page=5", actor: "coord"}, status: 200,
				contains: []string{`"per_page":5`, `"home_district":"310106"`}},
			{name: "bad sort", req: request{method: "GET", path: "/api/v1/enterprises?sort=bogus", actor: "coord"}, status: 400},
			{name: "bad page", req: request{method: "GET", path: "/api/v1/enterprises?per_page=1000", actor: "coord"}, status: 400},
			{name: "own profile", req: request{method: "GET", path: own, actor: "ent-member"}, status: 200, contains: []string{f.xuhuiEnt.USCC}},
			{name: "another enterprise's profile", req: request{method: "GET", path: other, actor: "ent"}, status: 403},
			{name: "another district's staff", req: request{method: "GET", path: own, actor: "ja"}, status: 403},
			{name: "provider may not read enterprises", req: request{method: "GET", path: own, actor: "prov"}, status: 403},
			{name: "bad id", req: request{method: "GET", path: "/api/v1/enterprises/abc", actor: "coord"}, status: 400},
			{name: "missing", req: request{method: "GET", path: "/api/v1/enterprises/999999", actor: "coord"}, status: 404},
			{name: "enterprise may not create", req: request{method: "POST", path: "/api/v1/enterprises", actor: "ent", body: newEnterprise}, status: 403},
			{name: "malformed JSON", req: request{method: "POST", path: "/api/v1/enterprises", actor: "xh", body: `{"uscc":`}, status: 400},
			{name: "unknown field", req: request{method: "POST", path: "/api/v1/enterprises", actor: "xh", body: `{"uscc":"x","colour":1}`}, status: 400,
				contains: []string{`"field":"colour"`}},
			{name: "wrong type", req: request{method: "POST", path: "/api/v1/enterprises", actor: "xh", body: `{"markets":"VN"}`}, status: 400,
				contains: []string{`"field":"markets"`}},
			{name: "too large", req: request{method: "POST", path: "/api/v1/enterprises", actor: "xh",
				body: `{"name_zh":"` + strings.Repeat("x", 300<<10) + `"}`}, status: 413},
			{name: "invalid USCC says why", req: request{method: "POST", path: "/api/v1/enterprises", actor: "xh", header: en,
				body: strings.Replace(newEnterprise, "91310000MA1FL4B24G", "91310104MA1FL4B24G", 1)}, status: 400,
				contains: []string{`"field":"uscc"`, "check character is wrong"}},
			{name: "Xuhui registers a Jing'an firm", req: request{method: "POST", path: "/api/v1/enterprises", actor: "xh",
				body: strings.Replace(newEnterprise, "徐汇区", "静安区", 1)}, status: 400, contains: []string{`"field":"home_district"`}},
			{name: "window registration", req: request{method: "POST", path: "/api/v1/enterprises", actor: "xh", body: newEnterprise}, status: 201,
				contains: []string{`"home_district":"310104"`, `"status":"verified"`, `"origin":"window"`, `"markets":["TH","VN"]`}},
			{name: "same code twice", req: request{method: "POST", path: "/api/v1/enterprises", actor: "xh", body: newEnterprise}, status: 400,
				contains: []string{`"field":"uscc"`}},
			{name: "member may not update", req: request{method: "PUT", path: own, actor: "ent-member", body: update(f.xuhuiEnt.Version, "X")}, status: 403},
			{name: "admin updates own", req: request{method: "PUT", path: own, actor: "ent", body: update(f.xuhuiEnt.Version, "Renamed Ltd")}, status: 200,
				contains: []string{`"name_en":"Renamed Ltd"`, `"version":2`}},
			{name: "stale version", req: request{method: "PUT", path: own, actor: "ent", body: update(f.xuhuiEnt.Version, "Again")}, status: 409},
			{name: "Jing'an staff may not update Xuhui's", req: request{method: "PUT", path: own, actor: "ja", body: update(2, "X")}, status: 403},
			{name: "export CSV", req: request{method: "GET", path: "/api/v1/enterprises/export?format=csv&district=310104", actor: "coord"}, status: 200,
				contains: []string{"统一社会信用代码", "企业名称", "徐汇区"}, absent: []string{"静安区示例路"}},
			{name: "export bad format", req: request{method: "GET", path: "/api/v1/enterprises/export?format=pdf", actor: "coord"}, status: 400},
		})
		resp := e.do(request{method: "GET", path: "/api/v1/enterprises/export?district=310104", actor: "xh"})
		if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || !strings.Contains(ct, "spreadsheetml") ||
			!strings.Contains(resp.Header.Get("Content-Disposition"), "enterprises.xlsx") {
			t.Errorf("xlsx export: %d %s", resp.StatusCode, ct)
		}
		resp.Body.Close()
	})
}

func TestDirectoryHomeDistrictChangeAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := directoryActors(t, e)
		path := fmt.Sprintf("/api/v1/enterprises/%d/district-changes", f.xuhuiEnt.ID)
		req := `{"to_district":"310106","address_zh":"上海市静安区江场路1号","reason":"迁址"}`
		var change directory.DistrictChange
		runScenarios(t, e, []scenario{
			{name: "the gaining district may not ask", req: request{method: "POST", path: path, actor: "ja", body: req}, status: 403},
			{name: "a member may not ask", req: request{method: "POST", path: path, actor: "ent-member", body: req}, status: 403},
			{name: "no reason", req: request{method: "POST", path: path, actor: "ent", body: `{"to_district":"310106"}`}, status: 400,
				contains: []string{`"field":"reason"`}},
			{name: "the enterprise asks", req: request{method: "POST", path: path, actor: "ent", body: req}, status: 201,
				contains: []string{`"status":"pending"`, `"from_district":"310104"`}, after: func(t *testing.T, e *env) {
					cs, _, err := e.app.Directory.ListDistrictChanges(context.Background(), directory.ChangeFilter{EnterpriseID: f.xuhuiEnt.ID})
					if err != nil || len(cs) != 1 {
						t.Fatalf("changes: %v %v", cs, err)
					}
					change = cs[0]
				}},
			{name: "one pending at a time", req: request{method: "POST", path: path, actor: "xh", body: req}, status: 409},
			{name: "Jing'an sees the request", req: request{method: "GET", path: "/api/v1/district-changes?status=pending", actor: "ja"}, status: 200,
				contains: []string{`"total":1`}},
			{name: "a provider may not list", req: request{method: "GET", path: "/api/v1/district-changes", actor: "prov"}, status: 403},
		})
		decide := fmt.Sprintf("/api/v1/district-changes/%d/decision", change.ID)
		body := fmt.Sprintf(`{"approve":true,"note":"已核对","version":%d}`, change.Version)
		runScenarios(t, e, []scenario{
			{name: "staff may not decide", req: request{method: "POST", path: decide, actor: "xh-lead", body: body}, status: 403},
			{name: "system admin may not decide", req: request{method: "POST", path: decide, actor: "root", body: body}, status: 403},
			{name: "coordinator approves", req: request{method: "POST", path: decide, actor: "coord", body: body}, status: 200,
				contains: []string{`"status":"approved"`}, after: func(t *testing.T, e *env) {
					got, err := e.app.Directory.EnterpriseByID(context.Background(), f.xuhuiEnt.ID)
					if err != nil || got.HomeDistrict != "310106" {
						t.Errorf("after approval: %s %v", got.HomeDistrict, err)
					}
				}},
			{name: "decided twice", req: request{method: "POST", path: decide, actor: "coord", body: body}, status: 409},
		})
	})
}

func TestDirectoryRegistrationDecisionAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		directoryActors(t, e)
		ent, err := e.app.Directory.RegisterEnterprise(context.Background(), directory.EnterpriseInput{USCC: "91310000MA1FL4B24G", NameZh: "上海自主注册有限公司",
			AddressZh: "上海市徐汇区1号"}, func(context.Context, int64) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/api/v1/enterprises/%d/registration", ent.ID)
		runScenarios(t, e, []scenario{
			{name: "another district", req: request{method: "POST", path: path, actor: "ja", body: `{"verify":true,"version":1}`}, status: 403},
			{name: "reject needs a note", req: request{method: "POST", path: path, actor: "xh", body: `{"verify":false,"version":1}`}, status: 400},
			{name: "home point verifies", req: request{method: "POST", path: path, actor: "xh", body: `{"verify":true,"version":1}`}, status: 200,
				contains: []string{`"status":"verified"`}},
		})
	})
}

func TestDirectoryProviderAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := directoryActors(t, e)
		own := fmt.Sprintf("/api/v1/providers/%d", f.provider.ID)
		pending := fmt.Sprintf("/api/v1/providers/%d", f.pending.ID)
		full, err := e.app.Directory.ProviderByID(context.Background(), f.provider.ID)
		if err != nil {
			t.Fatal(err)
		}
		update := func(version int, desc string) string {
			in := full.Input()
			in.DescriptionZh = desc
			b, _ := json.Marshal(struct {
				directory.ProviderInput
				Version int `json:"version"`
			}{in, version})
			return string(b)
		}
		runScenarios(t, e, []scenario{
			{name: "public list", req: request{method: "GET", path: "/api/v1/providers?category=legal&country=VN"}, status: 200,
				contains: []string{`"status":"verified"`}, absent: []string{`"status":"pending"`, "待核验示例机构"}},
			{name: "public ignores status", req: request{method: "GET", path: "/api/v1/providers?status=pending"}, status: 200, absent: []string{"待核验示例机构"}},
			{name: "staff see pending", req: request{method: "GET", path: "/api/v1/providers?status=pending", actor: "xh"}, status: 200,
				contains: []string{"待核验示例机构"}},
			{name: "alliance filter", req: request{method: "GET", path: "/api/v1/providers?alliance=XH-GSA&per_page=100"}, status: 200, contains: []string{`"alliance":"XH-GSA"`}},
			{name: "unknown alliance", req: request{method: "GET", path: "/api/v1/providers?alliance=NOPE"}, status: 400, contains: []string{`"field":"alliance"`}},
			{name: "unknown category", req: request{method: "GET", path: "/api/v1/providers?category=magic"}, status: 400},
			{name: "public profile", req: request{method: "GET", path: own}, status: 200, contains: []string{`"services":[{`, `"price_min_fen"`}},
			{name: "pending is not public", req: request{method: "GET", path: pending}, status: 404},
			{name: "pending to staff", req: request{method: "GET", path: pending, actor: "xh"}, status: 200},
			{name: "admin updates own", req: request{method: "PUT", path: own, actor: "prov", body: update(full.Version, "更新后的简介")}, status: 200,
				contains: []string{"更新后的简介"}},
			{name: "member may not update", req: request{method: "PUT", path: own, actor: "prov-member", body: update(full.Version+1, "x")}, status: 403},
			{name: "enterprise may not update", req: request{method: "PUT", path: own, actor: "ent", body: update(full.Version+1, "x")}, status: 403},
			{name: "stale", req: request{method: "PUT", path: own, actor: "prov", body: update(full.Version, "x")}, status: 409},
			{name: "bad price", req: request{method: "POST", path: "/api/v1/providers", actor: "xh", body: `{"name_zh":"某所","categories":["legal"],
				"services":[{"category":"legal","name_zh":"x","price_min_fen":5,"price_max_fen":1,"delivery_days":3}]}`}, status: 400,
				contains: []string{`"field":"services[0].price_max_fen"`}},
			{name: "staff create", req: request{method: "POST", path: "/api/v1/providers", actor: "xh", body: `{"uscc":"91310000MA1FL4B24G","name_zh":"新登记律所","categories":["legal"]}`},
				status: 201, contains: []string{`"status":"verified"`}},
			{name: "provider may not create", req: request{method: "POST", path: "/api/v1/providers", actor: "prov", body: `{"name_zh":"x"}`}, status: 403},
			{name: "point staff may not suspend", req: request{method: "POST", path: own + "/status", actor: "xh",
				body: fmt.Sprintf(`{"status":"suspended","reason":"投诉","version":%d}`, full.Version+1)}, status: 403},
			{name: "lead suspends", req: request{method: "POST", path: own + "/status", actor: "xh-lead",
				body: fmt.Sprintf(`{"status":"suspended","reason":"投诉核查","version":%d}`, full.Version+1)}, status: 200,
				contains: []string{`"status":"suspended"`}},
			{name: "suspended is not public", req: request{method: "GET", path: own}, status: 404},
			{name: "its admin still sees it", req: request{method: "GET", path: own, actor: "prov"}, status: 200},
			{name: "unknown status", req: request{method: "POST", path: own + "/status", actor: "coord", body: `{"status":"gone","version":1}`}, status: 400},
			{name: "conflicts: member may not declare", req: request{method: "POST", path: own + "/conflicts", actor: "prov-member",
				body: `{"enterprise_id":1,"reason":"x"}`}, status: 403},
			{name: "conflicts: admin declares", req: request{method: "POST", path: own + "/conflicts", actor: "prov",
				body: fmt.Sprintf(`{"enterprise_id":%d,"reason":"代理对方"}`, f.xuhuiEnt.ID)}, status: 204},
			{name: "conflicts: listed", req: request{method: "GET", path: own + "/conflicts", actor: "prov-member"}, status: 200, contains: []string{"代理对方"}},
			{name: "conflicts: another provider's", req: request{method: "GET", path: pending + "/conflicts", actor: "prov"}, status: 403},
			{name: "conflicts: provider may not withdraw", req: request{method: "DELETE", path: fmt.Sprintf("%s/conflicts/%d", own, f.xuhuiEnt.ID), actor: "prov"}, status: 403},
			{name: "conflicts: staff withdraw", req: request{method: "DELETE", path: fmt.Sprintf("%s/conflicts/%d", own, f.xuhuiEnt.ID), actor: "xh"}, status: 204},
			{name: "idle list", req: request{method: "GET", path: "/api/v1/providers/idle?months=12", actor: "xh"}, status: 200, contains: []string{`"total":`}},
			{name: "idle months", req: request{method: "GET", path: "/api/v1/providers/idle?months=x", actor: "xh"}, status: 400},
			{name: "idle is staff's", req: request{method: "GET", path: "/api/v1/providers/idle", actor: "prov"}, status: 403},
			{name: "reference", req: request{method: "GET", path: "/api/v1/directory/reference"}, status: 200,
				contains: []string{`"code":"legal"`, `"code":"marketing"`, `"code":"C39"`}},
		})
	})
}

func TestDirectoryMatchAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := directoryActors(t, e)
		need := `{"categories":["legal"],"countries":["VN"],"languages":["vi"],"budget_fen":20000000}`
		runScenarios(t, e, []scenario{
			{name: "anonymous", req: request{method: "POST", path: "/api/v1/providers/match", body: need}, status: 401},
			{name: "provider", req: request{method: "POST", path: "/api/v1/providers/match", actor: "prov", body: need}, status: 403},
			{name: "no categories", req: request{method: "POST", path: "/api/v1/providers/match", actor: "ent", body: `{}`}, status: 400,
				contains: []string{`"field":"categories"`}},
			{name: "unknown country", req: request{method: "POST", path: "/api/v1/providers/match", actor: "ent", body: `{"categories":["legal"],"countries":["XX"]}`},
				status: 400, contains: []string{`"field":"countries"`}},
			{name: "another enterprise", req: request{method: "POST", path: "/api/v1/providers/match", actor: "ent",
				body: fmt.Sprintf(`{"categories":["legal"],"enterprise_id":%d}`, f.jinganEnt.ID)}, status: 403},
			{name: "malformed", req: request{method: "POST", path: "/api/v1/providers/match", actor: "ent", body: `{"categories":"legal"}`}, status: 400},
			{name: "ranked with reasons", req: request{method: "POST", path: "/api/v1/providers/match", actor: "ent", body: need}, status: 200,
				contains: []string{`"rank":1`, `"kind":"countries"`, "覆盖越南", `"summary":"`, "法律"}},
			{name: "reasons in English", req: request{method: "POST", path: "/api/v1/providers/match", actor: "ent", body: need,
				header: map[string]string{"Accept-Language": "en"}}, status: 200, contains: []string{"covers Vietnam", "Legal"}},
			{name: "staff for an enterprise", req: request{method: "POST", path: "/api/v1/providers/match", actor: "xh",
				body: fmt.Sprintf(`{"categories":["legal"],"countries":["VN"],"enterprise_id":%d}`, f.xuhuiEnt.ID)}, status: 200},
		})
		// The Xuhui alliance counts for a Xuhui enterprise and the reason names it.
		resp := e.do(request{method: "POST", path: "/api/v1/providers/match", actor: "ent", body: `{"categories":["legal","accounting","consulting"],"limit":50}`})
		var res struct {
			Matches []struct {
				Reasons []struct{ Kind, Text string }
			}
		}
		decode(t, resp, &res)
		found := false
		for _, m := range res.Matches {
			for _, r := range m.Reasons {
				found = found || r.Kind == "alliance" && strings.Contains(r.Text, "徐汇区出海服务联盟成员")
			}
		}
		if !found {
			t.Error("no match carries the Xuhui alliance reason")
		}
	})
}

func TestDirectoryImportAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		directoryActors(t, e)
		csv := "统一社会信用代码,企业名称,注册地址,目标市场\r\n" +
			"91310000MA1FL4B24G,上海导入一号有限公司,上海市徐汇区一路1号,越南\r\n" +
			"91310104MA1FL4B24G,上海导入二号有限公司,上海市徐汇区一路2号,越南\r\n"
		gbk, _ := simplifiedchinese.GBK.NewEncoder().String(strings.Replace(csv, "91310104MA1FL4B24G", "91310000MA1FL4B25K", 1))
		count := func(want int) func(t *testing.T, e *env) {
			return func(t *testing.T, e *env) {
				_, n, _ := e.app.Directory.ListEnterprises(context.Background(), directory.EnterpriseFilter{Query: "上海导入", Limit: 1})
				if n != want {
					t.Errorf("%d imported enterprises, want %d", n, want)
				}
			}
		}
		runScenarios(t, e, []scenario{
			{name: "enterprise may not import", req: request{method: "POST", path: "/api/v1/imports/enterprises", actor: "ent", body: csv}, status: 403},
			{name: "unknown kind", req: request{method: "POST", path: "/api/v1/imports/cats", actor: "xh", body: csv}, status: 400},
			{name: "dry run lists the bad row", req: request{method: "POST", path: "/api/v1/imports/enterprises?dry_run=1", actor: "xh", body: csv}, status: 200,
				contains: []string{`"row":3`, `"column":"统一社会信用代码"`, `"message":"统一社会信用代码校验位不正确`, `"valid":1`}, after: count(0)},
			{name: "all or nothing", req: request{method: "POST", path: "/api/v1/imports/enterprises", actor: "xh", body: csv}, status: 422,
				contains: []string{`"committed":false`}, after: count(0)},
			{name: "valid rows only", req: request{method: "POST", path: "/api/v1/imports/enterprises?valid_only=1", actor: "xh", body: csv}, status: 200,
				contains: []string{`"committed":true`, `"created":1`}, after: count(1)},
			{name: "GBK", req: request{method: "POST", path: "/api/v1/imports/enterprises", actor: "xh", body: gbk}, status: 200,
				contains: []string{`"encoding":"gb18030"`, `"created":1`, `"updated":1`}, after: count(2)},
			{name: "50 MB", req: request{method: "POST", path: "/api/v1/imports/enterprises", actor: "xh", body: strings.Repeat("a,b\r\n", 10<<20)}, status: 413, after: count(2)},
			{name: "not a spreadsheet", req: request{method: "POST", path: "/api/v1/imports/enterprises", actor: "xh", body: "\x81\x20\xff"}, status: 400,
				contains: []string{`"field":"file"`}},
		})
	})
}

var _ = http.StatusOK
