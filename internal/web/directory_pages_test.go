package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"

	"chuhai/internal/auth"
	"chuhai/internal/directory"
)

// multipartFile builds an upload form: fields, and a file under "file".
func multipartFile(t *testing.T, name string, data []byte, fields ...string) (string, map[string]string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for i := 0; i+1 < len(fields); i += 2 {
		if err := mw.WriteField(fields[i], fields[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(data)
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String(), map[string]string{"Content-Type": mw.FormDataContentType()}
}

// directoryKeys are catalogue ids that would show if a translation were missing.
var directoryKeys = []string{"directory.", "nav.", "role.", "network.form"}

func TestDirectoryPublicPagesAndSignUp(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := directoryActors(t, e)
		en := map[string]string{"Accept-Language": "en"}
		reg := url.Values{"uscc": {"91310000MA1FL4B24G"}, "name_zh": {"上海自助注册科技有限公司"}, "address_zh": {"上海市徐汇区宜山路1号"},
			"markets": {"VN", "TH"}, "contacts[0].name": {"赵"}, "contacts[0].phone": {"021-64000000"},
			"login": {"new.admin"}, "name": {"赵经理"}, "password": {"Harbour-Lights-2026"}}
		bad := url.Values{}
		for k, v := range reg {
			bad[k] = v
		}
		bad.Set("uscc", "91310104MA1FL4B24G")
		taken := url.Values{}
		for k, v := range reg {
			taken[k] = v
		}
		taken.Set("uscc", "91310000MA1FL4B25K")
		taken.Set("login", "ent-admin")
		runScenarios(t, e, []scenario{
			{name: "provider list", req: request{method: "GET", path: "/providers"}, status: 200,
				contains: []string{"<h1", "专业服务机构", `name="category"`, "已完成"}, absent: append(directoryKeys, "待核验示例机构")},
			{name: "provider list filtered", req: request{method: "GET", path: "/providers?category=legal&country=VN&sort=rating"}, status: 200,
				contains: []string{f.provider.NameZh}, absent: directoryKeys},
			{name: "provider list in English", req: request{method: "GET", path: "/providers", header: en}, status: 200,
				contains: []string{"Professional service providers"}, absent: directoryKeys},
			{name: "bad filter", req: request{method: "GET", path: "/providers?category=magic"}, status: 400, contains: []string{`role="alert"`}},
			{name: "profile", req: request{method: "GET", path: fmt.Sprintf("/providers/%d", f.provider.ID)}, status: 200,
				contains: []string{f.provider.NameZh, "服务清单", "¥"}, absent: append(directoryKeys, "变更状态")},
			{name: "pending profile is hidden", req: request{method: "GET", path: fmt.Sprintf("/providers/%d", f.pending.ID)}, status: 404},
			{name: "staff see moderation", req: request{method: "GET", path: fmt.Sprintf("/providers/%d", f.pending.ID), actor: "xh"}, status: 200,
				contains: []string{"变更状态", `value="verified"`}},
			{name: "export needs sign-in", req: request{method: "GET", path: "/providers/export"}, status: 303},
			{name: "public export", req: request{method: "GET", path: "/providers/export?format=csv&category=legal", actor: "ent"}, status: 200,
				contains: []string{"机构名称", "服务类别", "法律"}, absent: []string{"待核验示例机构"}},
			{name: "sign-up form", req: request{method: "GET", path: "/register/enterprise"}, status: 200,
				contains: []string{"企业注册", `name="uscc"`, `name="login"`, `name="password"`}, absent: directoryKeys},
			{name: "provider sign-up form", req: request{method: "GET", path: "/register/provider", header: en}, status: 200,
				contains: []string{"Register your firm", `name="categories"`}, absent: directoryKeys},
			{name: "sign-up with a bad code", req: request{method: "POST", path: "/register/enterprise", body: bad.Encode()}, status: 400,
				contains: []string{`id="e-uscc"`, "校验位不正确", `aria-invalid="true"`}},
			{name: "sign-up with a taken login leaves nothing", req: request{method: "POST", path: "/register/enterprise", body: taken.Encode()}, status: 400,
				contains: []string{`id="e-login"`}, after: func(t *testing.T, e *env) {
					if _, err := e.app.Directory.EnterpriseByUSCC(context.Background(), "91310000MA1FL4B25K"); err == nil {
						t.Error("a failed sign-up left its enterprise behind")
					}
				}},
			{name: "sign-up", req: request{method: "POST", path: "/register/enterprise", body: reg.Encode()}, status: 200,
				contains: []string{"已提交注册", "上海自助注册科技有限公司"}, after: func(t *testing.T, e *env) {
					ent, err := e.app.Directory.EnterpriseByUSCC(context.Background(), "91310000MA1FL4B24G")
					if err != nil || ent.Status != directory.EnterprisePending || ent.Origin != directory.OriginSelf || ent.HomeDistrict != "310104" {
						t.Fatalf("registered: %+v %v", ent, err)
					}
					u, err := e.app.Auth.UserByLogin(context.Background(), "new.admin")
					if err != nil || u.Role != auth.EnterpriseAdmin || u.EnterpriseID != ent.ID {
						t.Errorf("account: %+v %v", u, err)
					}
				}},
		})
	})
}

func TestDirectoryMatchPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		directoryActors(t, e)
		runScenarios(t, e, []scenario{
			{name: "anonymous", req: request{method: "GET", path: "/match"}, status: 303},
			{name: "provider", req: request{method: "GET", path: "/match", actor: "prov"}, status: 403},
			{name: "form", req: request{method: "GET", path: "/match", actor: "ent"}, status: 200,
				contains: []string{"匹配服务机构", `name="categories"`, `name="countries"`}, absent: append(directoryKeys, `name="enterprise"`)},
			{name: "staff match for an enterprise", req: request{method: "GET", path: "/match", actor: "xh"}, status: 200, contains: []string{`name="enterprise"`}},
			{name: "no category", req: request{method: "GET", path: "/match?run=1&countries=VN", actor: "ent"}, status: 400,
				contains: []string{`id="e-categories"`}},
			{name: "bad budget", req: request{method: "GET", path: "/match?run=1&categories=legal&budget=lots", actor: "ent"}, status: 400,
				contains: []string{`id="e-budget"`}},
			{name: "results with reasons", req: request{method: "GET", path: "/match?run=1&categories=legal&countries=VN&languages=vi&budget=200000", actor: "ent"}, status: 200,
				contains: []string{"推荐结果", `class="card match"`, "覆盖越南", "法律", "徐汇区出海服务联盟成员"}, absent: directoryKeys},
			{name: "results in English", req: request{method: "GET", path: "/match?run=1&categories=legal&countries=VN", actor: "ent",
				header: map[string]string{"Accept-Language": "en"}}, status: 200, contains: []string{"covers Vietnam"}, absent: directoryKeys},
			{name: "staff with an unknown enterprise", req: request{method: "GET", path: "/match?run=1&categories=legal&enterprise=91310000MA1FL4B24G", actor: "xh"},
				status: 400, contains: []string{`id="e-enterprise"`}},
		})
	})
}

func TestDirectoryConsolePages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := directoryActors(t, e)
		e.as("ja-ent", auth.NewUser{Login: "ja-ent-admin", Role: auth.EnterpriseAdmin, EnterpriseID: f.jinganEnt.ID})
		prof := fmt.Sprintf("/console/enterprises/%d", f.xuhuiEnt.ID)
		edit := url.Values{"version": {fmt.Sprint(f.xuhuiEnt.Version)}, "name_zh": {f.xuhuiEnt.NameZh}, "name_en": {"Edited Co"},
			"address_zh": {f.xuhuiEnt.AddressZh}, "markets": {"DE"}, "entities[0].country": {"DE"}, "entities[0].kind": {"subsidiary"},
			"entities[0].name": {"Edited GmbH"}, "entities[0].status": {"planned"}, "contacts[0].name": {"钱"}, "contacts[0].email": {"qian@example.com"}}
		badEdit := url.Values{}
		for k, v := range edit {
			badEdit[k] = v
		}
		badEdit.Set("contacts[0].email", "not-an-email")
		newProvider := url.Values{"name_zh": {"上海新设翻译有限公司"}, "uscc": {"91310000MA1FL4B24G"}, "categories": {"translation"},
			"countries": {"VN"}, "languages": {"zh", "vi"}, "offices[0].region": {"310104"}, "offices[0].head": {"1"}, "offices[1].head": {"0"},
			"services[1].category": {"translation"}, "services[1].name_zh": {"越南语陪同口译"}, "services[1].price_min_fen": {"3,000"},
			"services[1].price_max_fen": {"8000"}, "services[1].delivery_days": {"1"}}
		badPrice := url.Values{}
		for k, v := range newProvider {
			badPrice[k] = v
		}
		badPrice.Set("services[1].price_min_fen", "三千")
		runScenarios(t, e, []scenario{
			{name: "enterprise list", req: request{method: "GET", path: "/console/enterprises", actor: "xh"}, status: 200,
				contains: []string{"企业名录", "徐汇区", f.xuhuiEnt.NameZh, "导出 Excel"}, absent: append(directoryKeys, f.jinganEnt.NameZh)},
			{name: "enterprise list filtered", req: request{method: "GET", path: "/console/enterprises?industry=C&sort=name", actor: "coord"}, status: 200, absent: directoryKeys},
			{name: "enterprise list bad filter", req: request{method: "GET", path: "/console/enterprises?market=Atlantis", actor: "coord"}, status: 400},
			{name: "not for enterprises", req: request{method: "GET", path: "/console/enterprises", actor: "ent"}, status: 403},
			{name: "my enterprise", req: request{method: "GET", path: "/console/enterprise", actor: "ent-member"}, status: 303},
			{name: "profile", req: request{method: "GET", path: prof, actor: "ent-member"}, status: 200,
				contains: []string{f.xuhuiEnt.USCC, "境外主体", "属地变更"}, absent: append(directoryKeys, "编辑企业档案")},
			{name: "profile to its admin", req: request{method: "GET", path: prof, actor: "ent"}, status: 200, contains: []string{"编辑企业档案", "提交变更申请"}},
			{name: "other district", req: request{method: "GET", path: prof, actor: "ja"}, status: 403},
			{name: "edit form", req: request{method: "GET", path: prof + "/edit", actor: "ent"}, status: 200,
				contains: []string{`name="contacts[0].name"`, `name="entities[0].country"`, "readonly"}, absent: directoryKeys},
			{name: "member may not edit", req: request{method: "GET", path: prof + "/edit", actor: "ent-member"}, status: 403},
			{name: "bad edit", req: request{method: "POST", path: prof, actor: "ent", body: badEdit.Encode()}, status: 400,
				contains: []string{`id="e-contacts[0].email"`}},
			{name: "edit", req: request{method: "POST", path: prof, actor: "ent", body: edit.Encode()}, status: 303, after: func(t *testing.T, e *env) {
				got, _ := e.app.Directory.EnterpriseByID(context.Background(), f.xuhuiEnt.ID)
				if got.NameEn != "Edited Co" || len(got.Entities) != 1 || got.Entities[0].Name != "Edited GmbH" || got.Contacts[0].Email != "qian@example.com" {
					t.Errorf("after edit: %+v", got)
				}
			}},
			{name: "stale edit", req: request{method: "POST", path: prof, actor: "ent", body: edit.Encode()}, status: 409},
			{name: "district change without reason", req: request{method: "POST", path: prof + "/district-change", actor: "ent",
				body: form("to_district", "310106")}, status: 400, contains: []string{"原因"}},
			{name: "district change", req: request{method: "POST", path: prof + "/district-change", actor: "ent",
				body: form("to_district", "310106", "reason", "迁址静安")}, status: 303},
			{name: "changes list", req: request{method: "GET", path: "/console/district-changes", actor: "coord"}, status: 200,
				contains: []string{"迁址静安", `value="approve"`}, absent: directoryKeys},
			{name: "changes list for staff", req: request{method: "GET", path: "/console/district-changes", actor: "xh"}, status: 200,
				contains: []string{"迁址静安"}, absent: []string{`value="approve"`}},
			{name: "window form", req: request{method: "GET", path: "/console/enterprises/new", actor: "xh"}, status: 200, absent: directoryKeys},
			{name: "window registration", req: request{method: "POST", path: "/console/enterprises", actor: "xh",
				body: form("uscc", "91310000MA1FL4B25K", "name_zh", "上海窗口登记有限公司", "address_zh", "上海市徐汇区天钥桥路1号")}, status: 303},
			{name: "provider console", req: request{method: "GET", path: "/console/providers?status=pending", actor: "xh"}, status: 200,
				contains: []string{"待核验示例机构"}, absent: directoryKeys},
			{name: "provider form", req: request{method: "GET", path: "/console/providers/new", actor: "xh"}, status: 200,
				contains: []string{`name="services[0].price_min_fen"`, `name="categories"`}, absent: directoryKeys},
			{name: "bad price", req: request{method: "POST", path: "/console/providers", actor: "xh", body: badPrice.Encode()}, status: 400,
				contains: []string{`id="e-services[0].price_min_fen"`}},
			{name: "create provider", req: request{method: "POST", path: "/console/providers", actor: "xh", body: newProvider.Encode()}, status: 303,
				after: func(t *testing.T, e *env) {
					p, err := e.app.Directory.ProviderByUSCC(context.Background(), "91310000MA1FL4B24G")
					if err != nil || len(p.Services) != 1 || p.Services[0].PriceMinFen != 300000 || !p.Offices[0].Head || p.Status != directory.ProviderVerified {
						t.Errorf("created: %+v %v", p, err)
					}
				}},
			{name: "provider edits own", req: request{method: "GET", path: fmt.Sprintf("/console/providers/%d/edit", f.provider.ID), actor: "prov"}, status: 200},
			{name: "provider may not edit another", req: request{method: "GET", path: fmt.Sprintf("/console/providers/%d/edit", f.pending.ID), actor: "prov"}, status: 404},
			{name: "verify from the profile", req: request{method: "POST", path: fmt.Sprintf("/console/providers/%d/status", f.pending.ID), actor: "xh",
				body: form("version", fmt.Sprint(f.pending.Version), "status", "verified")}, status: 400},
			{name: "idle list", req: request{method: "GET", path: "/console/providers/idle?months=12", actor: "xh-lead"}, status: 200,
				contains: []string{"闲置服务机构"}, absent: directoryKeys},
			{name: "idle export", req: request{method: "GET", path: "/console/providers/idle?months=12&format=csv", actor: "xh-lead"}, status: 200,
				contains: []string{"最近服务"}},
			{name: "team", req: request{method: "GET", path: "/console/team", actor: "ent"}, status: 200,
				contains: []string{"ent-admin", "ent-member"}, absent: append(directoryKeys, "prov-member", "ja-ent-admin")},
			{name: "another enterprise's team", req: request{method: "GET", path: "/console/team", actor: "ja-ent"}, status: 200,
				contains: []string{"ja-ent-admin"}, absent: []string{"ent-member", "prov-member"}},
			{name: "a provider's team", req: request{method: "GET", path: "/console/team", actor: "prov"}, status: 200,
				contains: []string{"prov-member"}, absent: []string{"ent-member", "ja-ent-admin"}},
			{name: "team add", req: request{method: "POST", path: "/console/team", actor: "ent",
				body: form("login", "ent.new", "name", "新同事", "password", "Harbour-Lights-2026", "role", "enterprise_member")}, status: 303},
			{name: "team add a provider role", req: request{method: "POST", path: "/console/team", actor: "ent",
				body: form("login", "ent.x", "password", "Harbour-Lights-2026", "role", "provider_admin")}, status: 400},
			{name: "team disable a stranger", req: request{method: "POST", path: fmt.Sprintf("/console/team/%d", e.users["prov-member"]), actor: "ent",
				body: form("action", "disable")}, status: 404},
			{name: "team disable", req: request{method: "POST", path: fmt.Sprintf("/console/team/%d", e.users["ent-member"]), actor: "ent",
				body: form("action", "disable")}, status: 303, after: func(t *testing.T, e *env) {
				u, _ := e.app.Auth.UserByID(context.Background(), e.users["ent-member"])
				if !u.Disabled {
					t.Error("not disabled")
				}
			}},
			{name: "team is for admins", req: request{method: "GET", path: "/console/team", actor: "xh"}, status: 403},
		})
	})
}

func TestDirectoryImportPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		directoryActors(t, e)
		csv := []byte("统一社会信用代码,企业名称,注册地址\r\n91310000MA1FL4B24G,上海页面导入有限公司,上海市徐汇区1号\r\n91310104MA1FL4B24G,坏行,上海市徐汇区2号\r\n")
		preview, h := multipartFile(t, "e.csv", csv, "kind", "enterprises", "action", "preview")
		run, h2 := multipartFile(t, "e.csv", csv, "kind", "enterprises", "action", "import")
		valid, h3 := multipartFile(t, "e.csv", csv, "kind", "enterprises", "action", "valid_only")
		empty, h4 := multipartFile(t, "e.csv", nil, "kind", "enterprises", "action", "preview")
		runScenarios(t, e, []scenario{
			{name: "form", req: request{method: "GET", path: "/console/import", actor: "xh"}, status: 200,
				contains: []string{`enctype="multipart/form-data"`, "仅导入有效行", "/console/import/template"}, absent: directoryKeys},
			{name: "not for providers", req: request{method: "GET", path: "/console/import", actor: "prov"}, status: 403},
			{name: "template", req: request{method: "GET", path: "/console/import/template?kind=providers&format=csv", actor: "xh"}, status: 200,
				contains: []string{"机构名称*", "服务类别*"}},
			{name: "template of nothing", req: request{method: "GET", path: "/console/import/template?kind=cats", actor: "xh"}, status: 400},
			{name: "preview", req: request{method: "POST", path: "/console/import", actor: "xh", body: preview, header: h}, status: 200,
				contains: []string{`id="import-errors"`, "<th scope=\"row\">3</th>", "统一社会信用代码", "校验位不正确", "上海页面导入有限公司", "尚未写入"},
				absent:   directoryKeys},
			{name: "import refuses", req: request{method: "POST", path: "/console/import", actor: "xh", body: run, header: h2}, status: 422,
				contains: []string{"未写入任何数据"}},
			{name: "import valid rows", req: request{method: "POST", path: "/console/import", actor: "xh", body: valid, header: h3}, status: 200,
				contains: []string{"已新增 1 家"}},
			{name: "empty file", req: request{method: "POST", path: "/console/import", actor: "xh", body: empty, header: h4}, status: 400,
				contains: []string{`id="import-error"`}},
			{name: "not multipart", req: request{method: "POST", path: "/console/import", actor: "xh", body: "kind=enterprises"}, status: 400},
		})
		if strings.Contains(preview, "\x00") {
			t.Fatal("unexpected NUL")
		}
	})
}
