package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"chuhai/internal/auth"
	"chuhai/internal/network"
)

// networkActors signs in one account of every role; staff work at the demo's Xuhui point.
func networkActors(t *testing.T, e *env) {
	t.Helper()
	xh, err := e.app.Network.PointByCode(context.Background(), "XH")
	if err != nil {
		t.Fatal(err)
	}
	e.as("coord", auth.NewUser{Role: auth.CityCoordinator, Name: "统筹员"})
	e.as("root", auth.NewUser{Role: auth.SystemAdmin, Name: "管理员"})
	e.as("lead", auth.NewUser{Role: auth.PointLead, PointID: xh.ID})
	e.as("staff", auth.NewUser{Role: auth.PointStaff, PointID: xh.ID})
	e.as("enterprise", auth.NewUser{Role: auth.EnterpriseAdmin})
	e.as("provider", auth.NewUser{Role: auth.ProviderAdmin})
}

const newPoint = `{"code":"mh-odi","kind":"specialised_point","name_zh":"闵行 ODI 咨询点","name_en":"Minhang ODI point",
	"region_code":"310112","capabilities":["odi"],"opening_hours_zh":"周一至周五","opening_hours_en":"Mon–Fri"}`

func pointExists(code string, want bool) func(t *testing.T, e *env) {
	return func(t *testing.T, e *env) {
		_, err := e.app.Network.PointByCode(context.Background(), code)
		if (err == nil) != want {
			t.Errorf("point %s exists = %v, want %v", code, err == nil, want)
		}
	}
}

func TestNetworkPointAPIWrites(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		withDemo(t, e)
		networkActors(t, e)
		en := map[string]string{"Accept-Language": "en"}
		var sc []scenario
		for _, who := range []string{"staff", "lead", "enterprise", "provider"} {
			sc = append(sc, scenario{name: who + " may not create", req: request{method: "POST", path: "/api/v1/service-points", actor: who, body: newPoint},
				status: 403, after: pointExists("MH-ODI", false)})
			sc = append(sc, scenario{name: who + " may not update", req: request{method: "PUT", path: "/api/v1/service-points/XH", actor: who, body: `{"version":1}`}, status: 403})
		}
		sc = append(sc, []scenario{
			{name: "malformed JSON", req: request{method: "POST", path: "/api/v1/service-points", actor: "coord", body: `{"code":`}, status: 400, contains: []string{"JSON"}},
			{name: "empty body", req: request{method: "POST", path: "/api/v1/service-points", actor: "coord", body: ``}, status: 400},
			{name: "unknown field", req: request{method: "POST", path: "/api/v1/service-points", actor: "coord", body: `{"code":"ZZ","colour":"red"}`},
				status: 400, contains: []string{`"field":"colour"`}},
			{name: "wrong type", req: request{method: "POST", path: "/api/v1/service-points", actor: "coord", body: `{"code":"ZZ","capabilities":"odi"}`},
				status: 400, contains: []string{`"field":"capabilities"`}},
			{name: "trailing data", req: request{method: "POST", path: "/api/v1/service-points", actor: "coord", body: newPoint + `{}`}, status: 400},
			{name: "too large", req: request{method: "POST", path: "/api/v1/service-points", actor: "coord",
				body: `{"code":"ZZ","note_zh":"` + strings.Repeat("x", 70<<10) + `"}`}, status: 413},
			{name: "field errors in English", req: request{method: "POST", path: "/api/v1/service-points", actor: "coord", header: en,
				body: `{"code":"x","kind":"district_point","name_zh":"","name_en":"X","region_code":"SG","time_zone":"Mars/Olympus","capabilities":["magic"]}`},
				status: 400, contains: []string{`"field":"code"`, `"field":"name_zh"`, `"field":"region_code"`, `"field":"time_zone"`, `"field":"capabilities"`,
					"A code is 2 to 8 capital letters", "Required.", "must be in a Shanghai district", "Unknown service topic code: magic"}},
			{name: "field errors in Chinese", req: request{method: "POST", path: "/api/v1/service-points", actor: "coord",
				body: `{"code":"XH","kind":"district_point","name_zh":"重复","name_en":"dup","region_code":"310104"}`},
				status: 400, contains: []string{"代码 XH 已被使用", "该区已有在用的区级服务点 XH"}},
			{name: "coordinator creates", req: request{method: "POST", path: "/api/v1/service-points", actor: "coord", body: newPoint},
				status: 201, contains: []string{`"code":"MH-ODI"`, `"version":1`, `"time_zone":"Asia/Shanghai"`}, after: pointExists("MH-ODI", true)},
			{name: "admin creates", req: request{method: "POST", path: "/api/v1/service-points", actor: "root",
				body: `{"code":"TK","kind":"overseas_point","name_zh":"东京服务点","name_en":"Tokyo","region_code":"JP","time_zone":"Asia/Tokyo","countries":["JP","KR"]}`},
				status: 201, contains: []string{`"countries":["JP","KR"]`}},
			{name: "update", req: request{method: "PUT", path: "/api/v1/service-points/mh-odi", actor: "coord",
				body: strings.Replace(newPoint, `"code":"mh-odi",`, `"version":1,`, 1)}, status: 200, contains: []string{`"version":2`}},
			{name: "stale update", req: request{method: "PUT", path: "/api/v1/service-points/MH-ODI", actor: "coord",
				body: strings.Replace(newPoint, `"code":"mh-odi",`, `"version":1,`, 1)}, status: 409, contains: []string{`"status":409`}},
			{name: "update without version", req: request{method: "PUT", path: "/api/v1/service-points/MH-ODI", actor: "coord", body: newPoint},
				status: 400, contains: []string{`"field":"version"`}},
			{name: "version of the wrong type", req: request{method: "PUT", path: "/api/v1/service-points/MH-ODI", actor: "coord", body: `{"version":"2"}`},
				status: 400, contains: []string{`"field":"version"`}},
			{name: "code cannot change", req: request{method: "PUT", path: "/api/v1/service-points/MH-ODI", actor: "coord",
				body: strings.Replace(newPoint, `"code":"mh-odi",`, `"code":"MH2","version":2,`, 1)}, status: 400, contains: []string{`"field":"code"`}},
			{name: "update unknown point", req: request{method: "PUT", path: "/api/v1/service-points/NOPE", actor: "coord", body: `{"version":1}`}, status: 404},
			{name: "deactivate through update", req: request{method: "PUT", path: "/api/v1/service-points/MH-ODI", actor: "root",
				body: strings.Replace(newPoint, `"code":"mh-odi",`, `"version":2,"active":false,`, 1)}, status: 200, contains: []string{`"active":false`}},
			{name: "inactive points leave the public list", req: request{method: "GET", path: "/api/v1/service-points?q=mh-odi"}, status: 200, contains: []string{`"total":0`}},
		}...)
		runScenarios(t, e, sc)
		var n int
		if err := e.app.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_entry WHERE object_id = 'MH-ODI' AND actor_login IN ('coord', 'root')`).Scan(&n); err != nil || n != 3 {
			t.Errorf("%d audit entries for MH-ODI, want 3 (create, update, deactivate)", n)
		}
	})
}

const newAlliance = `{"code":"mh-sa","name_zh":"闵行区出海服务联盟","name_en":"Minhang alliance","scope":"district","owner_region":"310112"}`

func TestNetworkAllianceAPIWrites(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		withDemo(t, e)
		networkActors(t, e)
		provider, err := e.app.Directory.ProvidersByID(context.Background(), []int64{1})
		if err != nil || len(provider) != 1 {
			t.Fatalf("demo provider: %v %v", provider, err)
		}
		var sc []scenario
		for _, who := range []string{"staff", "lead", "enterprise", "provider"} {
			sc = append(sc,
				scenario{name: who + " may not create", req: request{method: "POST", path: "/api/v1/alliances", actor: who, body: newAlliance}, status: 403},
				scenario{name: who + " may not update", req: request{method: "PUT", path: "/api/v1/alliances/G60", actor: who, body: `{"version":1}`}, status: 403},
				scenario{name: who + " may not add members", req: request{method: "POST", path: "/api/v1/alliances/G60/members", actor: who, body: `{"provider_id":1,"joined_on":"2025-07-01"}`}, status: 403})
		}
		sc = append(sc, []scenario{
			{name: "malformed", req: request{method: "POST", path: "/api/v1/alliances", actor: "coord", body: `[1,2]`}, status: 400},
			{name: "unknown field", req: request{method: "POST", path: "/api/v1/alliances", actor: "coord", body: `{"members":200}`}, status: 400, contains: []string{`"field":"members"`}},
			{name: "invalid", req: request{method: "POST", path: "/api/v1/alliances", actor: "coord", body: `{"code":"G60","scope":"galaxy","owner_region":"XX"}`},
				status: 400, contains: []string{`"field":"code"`, `"field":"scope"`, `"field":"owner_region"`, `"field":"name_zh"`}},
			{name: "create", req: request{method: "POST", path: "/api/v1/alliances", actor: "coord", body: newAlliance}, status: 201,
				contains: []string{`"code":"MH-SA"`, `"member_count":0`}},
			{name: "update", req: request{method: "PUT", path: "/api/v1/alliances/MH-SA", actor: "root",
				body: strings.Replace(newAlliance, `"code":"mh-sa",`, `"version":1,"description_zh":"首批成员",`, 1)}, status: 200, contains: []string{`"version":2`, "首批成员"}},
			{name: "stale update", req: request{method: "PUT", path: "/api/v1/alliances/MH-SA", actor: "coord",
				body: strings.Replace(newAlliance, `"code":"mh-sa",`, `"version":1,`, 1)}, status: 409},
			{name: "add member", req: request{method: "POST", path: "/api/v1/alliances/MH-SA/members", actor: "coord",
				body: `{"provider_id":1,"batch":1,"joined_on":"2025-09-01"}`}, status: 201, contains: []string{`"status":"active"`}},
			{name: "add member twice", req: request{method: "POST", path: "/api/v1/alliances/MH-SA/members", actor: "coord",
				body: `{"provider_id":1,"joined_on":"2025-09-01"}`}, status: 400, contains: []string{`"field":"provider_id"`}},
			{name: "unknown provider", req: request{method: "POST", path: "/api/v1/alliances/MH-SA/members", actor: "coord",
				body: `{"provider_id":999999,"joined_on":"2025-09-01"}`}, status: 400, contains: []string{`"field":"provider_id"`}},
			{name: "provider id of the wrong type", req: request{method: "POST", path: "/api/v1/alliances/MH-SA/members", actor: "coord",
				body: `{"provider_id":"one","joined_on":"2025-09-01"}`}, status: 400, contains: []string{`"field":"provider_id"`}},
			{name: "member count", req: request{method: "GET", path: "/api/v1/alliances/MH-SA"}, status: 200, contains: []string{`"member_count":1`}},
		}...)
		runScenarios(t, e, sc)
	})
}

func TestNetworkCoordinatorForms(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		withDemo(t, e)
		networkActors(t, e)
		form := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
		runScenarios(t, e, []scenario{
			{name: "coordinator sees the new-point link", req: request{method: "GET", path: "/network", actor: "coord"}, status: 200, contains: []string{`href="/network/points/new"`}},
			{name: "staff does not", req: request{method: "GET", path: "/network", actor: "staff"}, status: 200, absent: []string{`href="/network/points/new"`}},
			{name: "new point form", req: request{method: "GET", path: "/network/points/new", actor: "coord"}, status: 200,
				contains: []string{`<form method="post" action="/network/points"`, `id="f-code"`, `<label for="f-name_zh">`, `name="capabilities" value="odi"`, `<optgroup label="国家和地区">`}},
			{name: "staff may not open the form", req: request{method: "GET", path: "/network/points/new", actor: "staff"}, status: 403},
			{name: "enterprise may not open the edit form", req: request{method: "GET", path: "/network/points/XH/edit", actor: "enterprise"}, status: 403},
			{name: "staff may not save", req: request{method: "POST", path: "/network/points", actor: "staff", header: form, body: "code=ZZ"}, status: 403, after: pointExists("ZZ", false)},
			{name: "invalid form keeps the input and shows errors by the fields", req: request{method: "POST", path: "/network/points", actor: "coord", header: form,
				body: "code=QP2&kind=district_point&name_zh=%E9%9D%92%E6%B5%A6%E4%BA%8C&name_en=&region_code=310118&capabilities=odi&capabilities=tax&phone=call+me"},
				status: 400, contains: []string{`value="QP2"`, `value="青浦二"`, `id="e-name_en"`, `aria-invalid="true"`, `href="#f-name_en"`,
					`id="e-region_code"`, "该区已有在用的区级服务点 QP", `id="e-phone"`, `value="odi" checked`, `value="tax" checked`},
				after: pointExists("QP2", false)},
			{name: "valid form creates and redirects", req: request{method: "POST", path: "/network/points", actor: "coord", header: form,
				body: "code=qp-hq&kind=specialised_point&name_zh=%E9%9D%92%E6%B5%A6%E8%99%B9%E6%A1%A5%E5%92%A8%E8%AF%A2%E7%82%B9&name_en=Qingpu+Hongqiao+desk&region_code=310118&capabilities=legal&time_zone=Asia%2FShanghai"},
				status: http.StatusSeeOther, after: pointExists("QP-HQ", true)},
			{name: "saved notice", req: request{method: "GET", path: "/network/points/QP-HQ?saved=1", actor: "coord"}, status: 200,
				contains: []string{`role="status"`, "已保存", `href="/network/points/QP-HQ/edit"`}},
			{name: "edit form", req: request{method: "GET", path: "/network/points/QP-HQ/edit", actor: "root"}, status: 200,
				contains: []string{`name="version" value="1"`, `readonly`, `value="Qingpu Hongqiao desk"`, `name="active" value="1" checked`}},
			{name: "edit saves", req: request{method: "POST", path: "/network/points/QP-HQ", actor: "coord", header: form,
				body: "version=1&kind=specialised_point&name_zh=%E9%9D%92%E6%B5%A6%E5%92%A8%E8%AF%A2%E7%82%B9&name_en=Qingpu+desk&region_code=310118&active=1"},
				status: http.StatusSeeOther},
			{name: "stale edit is a conflict that keeps the input", req: request{method: "POST", path: "/network/points/QP-HQ", actor: "coord", header: form,
				body: "version=1&kind=specialised_point&name_zh=%E6%97%A7&name_en=Stale+copy&region_code=310118&active=1"},
				status: http.StatusConflict, contains: []string{"已被他人修改", `value="Stale copy"`, `href="/network/points/QP-HQ"`, `value="QP-HQ"`}},
			{name: "edit with a forged version", req: request{method: "POST", path: "/network/points/QP-HQ", actor: "coord", header: form,
				body: "version=abc&kind=specialised_point&name_zh=x&name_en=x&region_code=310118"}, status: 400},
			{name: "deactivate", req: request{method: "POST", path: "/network/points/QP-HQ/deactivate", actor: "coord", header: form, body: "version=2"}, status: http.StatusSeeOther},
			{name: "deactivate stale", req: request{method: "POST", path: "/network/points/QP-HQ/deactivate", actor: "coord", header: form, body: "version=2"}, status: http.StatusConflict},
			{name: "staff may not deactivate", req: request{method: "POST", path: "/network/points/XH/deactivate", actor: "lead", header: form, body: "version=1"}, status: 403},
			{name: "coordinators see out-of-service points", req: request{method: "GET", path: "/network?q=QP-HQ", actor: "coord"}, status: 200, contains: []string{"共 1 条", "已停用"}},
			{name: "the public does not", req: request{method: "GET", path: "/network?q=QP-HQ"}, status: 200, contains: []string{"共 0 条"}},
			{name: "new alliance form", req: request{method: "GET", path: "/network/alliances/new", actor: "coord"}, status: 200,
				contains: []string{`action="/network/alliances"`, `id="f-scope"`, `id="f-regions"`, "苏州市"}},
			{name: "invalid alliance", req: request{method: "POST", path: "/network/alliances", actor: "coord", header: form,
				body: "code=YRD&name_zh=%E9%95%BF%E4%B8%89%E8%A7%92&name_en=YRD&scope=multi_city&owner_region=310117&regions=310117"},
				status: 400, contains: []string{`id="e-regions"`, "至少包括两个", `value="YRD"`}},
			{name: "valid alliance", req: request{method: "POST", path: "/network/alliances", actor: "coord", header: form,
				body: "code=YRD&name_zh=%E9%95%BF%E4%B8%89%E8%A7%92&name_en=YRD&scope=multi_city&owner_region=310117&regions=310117&regions=320500"},
				status: http.StatusSeeOther},
			{name: "alliance edit form", req: request{method: "GET", path: "/network/alliances/YRD/edit", actor: "coord"}, status: 200,
				contains: []string{`name="version" value="1"`, `<option value="320500" selected>`}},
			{name: "alliance edit", req: request{method: "POST", path: "/network/alliances/YRD", actor: "root", header: form,
				body: "version=1&name_zh=%E9%95%BF%E4%B8%89%E8%A7%92&name_en=YRD+alliance&scope=multi_city&owner_region=310117&regions=310117&regions=320500&regions=330100&active=1"},
				status: http.StatusSeeOther},
			{name: "alliance shows the change", req: request{method: "GET", path: "/network/alliances/YRD", header: map[string]string{"Accept-Language": "en"}}, status: 200,
				contains: []string{"YRD alliance", "Hangzhou"}},
			{name: "staff may not create alliances", req: request{method: "POST", path: "/network/alliances", actor: "staff", header: form, body: "code=X1"}, status: 403},
		})
		if p, err := e.app.Network.PointByCode(context.Background(), "QP-HQ"); err != nil || p.Active || p.NameEn != "Qingpu desk" || p.Version != 3 {
			t.Errorf("after the forms: %+v %v", p, err)
		}
		var n int
		_ = e.app.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM service_point WHERE kind = $1`, network.DistrictPoint).Scan(&n)
		if n != 15 {
			t.Errorf("%d district points", n)
		}
	})
}
