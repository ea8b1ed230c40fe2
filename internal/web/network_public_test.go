package web_test

import (
	"context"
	"strings"
	"testing"

	"chuhai/internal/demo"
	"chuhai/internal/network"
)

// withDemo loads the demo network into e.
func withDemo(t *testing.T, e *env) {
	t.Helper()
	if err := demo.Load(context.Background(), e.app); err != nil {
		t.Fatal(err)
	}
}

func TestNetworkPublicPages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		withDemo(t, e)
		en := map[string]string{"Accept-Language": "en"}
		runScenarios(t, e, []scenario{
			{name: "home counts", req: request{method: "GET", path: "/"}, status: 200,
				contains: []string{`<span class="num">3</span> <span>分平台</span>`, `<span class="num">15</span> <span>区级服务点</span>`, `<span class="num">2</span> <span>海外服务站</span>`, `<span class="num">4</span> <span>专业服务联盟</span>`}},
			{name: "network overview", req: request{method: "GET", path: "/network"}, status: 200,
				contains: []string{"<h1", "服务网络", "徐汇区", "崇明区", `href="/network/points/XH"`, `href="/network/points/PD"`, "临港", "共 22 条", "示例"}},
			{name: "network overview in English", req: request{method: "GET", path: "/network", header: en}, status: 200,
				contains: []string{"Service network", "Xuhui District", "Pudong New Area Going-Global Enterprise Service Centre", "Overseas service points"}},
			{name: "filter by capability", req: request{method: "GET", path: "/network?capability=odi&kind=specialised_point"}, status: 200,
				contains: []string{"共 1 条", "JA-ODI"}},
			{name: "search", req: request{method: "GET", path: "/network?q=%E6%96%B0%E5%8A%A0%E5%9D%A1"}, status: 200, contains: []string{"共 1 条", "新加坡"}},
			{name: "second page", req: request{method: "GET", path: "/network?per_page=5&page=2"}, status: 200, contains: []string{"第 2 页，共 5 页", `rel="prev"`, `rel="next"`}},
			{name: "bad filter", req: request{method: "GET", path: "/network?kind=kiosk"}, status: 400, contains: []string{"<!doctype html>"}},
			{name: "bad page", req: request{method: "GET", path: "/network?per_page=1000"}, status: 400},
			{name: "point", req: request{method: "GET", path: "/network/points/ja-odi"}, status: 200,
				contains: []string{"静安区境外投资（ODI）咨询服务点", "2025-04-01", "境外投资（ODI）备案与核准", "Asia/Shanghai"}, absent: []string{"/edit"}},
			{name: "overseas point in its own time zone", req: request{method: "GET", path: "/network/points/SG", header: en}, status: 200,
				contains: []string{"Asia/Singapore", "(UTC&#43;08:00)", "Malaysia", "Viet"}},
			{name: "unknown point", req: request{method: "GET", path: "/network/points/NOPE"}, status: 404},
			{name: "malformed point code", req: request{method: "GET", path: "/network/points/%27%3Cscript%3E"}, status: 404, absent: []string{"<script>"}},
			{name: "alliances", req: request{method: "GET", path: "/network/alliances"}, status: 200,
				contains: []string{"上海市企业走出去专业服务联盟", "长三角G60科创走廊企业出海服务联盟", "跨城市", "<th scope=\"col\">"}},
			{name: "alliance", req: request{method: "GET", path: "/network/alliances/G60", header: en}, status: 200,
				contains: []string{"Multi-city", "Suzhou", "Hefei", "Shanghai Songhu Cross-border Logistics", "Batch 1"}},
			{name: "unknown alliance", req: request{method: "GET", path: "/network/alliances/NOPE"}, status: 404},
			{name: "about", req: request{method: "GET", path: "/about"}, status: 200, contains: []string{"1&#43;(3&#43;15)&#43;X", "全市一盘棋", "3 个分平台、15 个区级服务点"}},
			{name: "about in English", req: request{method: "GET", path: "/about", header: en}, status: 200, contains: []string{"One chessboard", "Fifteen district service points"}},
			{name: "forms need sign-in", req: request{method: "GET", path: "/network/points/new"}, status: 303},
			{name: "alliance form needs sign-in", req: request{method: "GET", path: "/network/alliances/G60/edit"}, status: 303},
			{name: "saving needs sign-in", req: request{method: "POST", path: "/network/points", body: "code=ZZ"}, status: 303, after: func(t *testing.T, e *env) {
				if _, err := e.app.Network.PointByCode(context.Background(), "ZZ"); err == nil {
					t.Error("an anonymous form created a point")
				}
			}},
		})
	})
}

func TestNetworkPublicAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		withDemo(t, e)
		runScenarios(t, e, []scenario{
			{name: "districts", req: request{method: "GET", path: "/api/v1/regions?kind=district"}, status: 200,
				contains: []string{`"total":16`, `"code":"310151"`, `"name_zh":"崇明区"`}},
			{name: "G60", req: request{method: "GET", path: "/api/v1/regions?group=g60"}, status: 200, contains: []string{`"total":9`, `"code":"341800"`}},
			{name: "countries", req: request{method: "GET", path: "/api/v1/regions?kind=country&per_page=100&page=3"}, status: 200,
				contains: []string{`"total":249`, `"page":3`, `"code":"ZW"`}, absent: []string{`"code":"AD"`}},
			{name: "regions past the end", req: request{method: "GET", path: "/api/v1/regions?page=99"}, status: 200, contains: []string{`"items":[]`, `"total":279`}},
			{name: "regions page too big", req: request{method: "GET", path: "/api/v1/regions?per_page=1000"}, status: 400},
			{name: "bad region kind", req: request{method: "GET", path: "/api/v1/regions?kind=planet"}, status: 400, contains: []string{`"field":"kind"`}},
			{name: "topics", req: request{method: "GET", path: "/api/v1/topics"}, status: 200, contains: []string{`"total":12`, `"code":"data_compliance"`}},
			{name: "points", req: request{method: "GET", path: "/api/v1/service-points"}, status: 200, contains: []string{`"total":22`, `"per_page":20`, `"code":"SH"`}},
			{name: "points by kind", req: request{method: "GET", path: "/api/v1/service-points?kind=overseas_point"}, status: 200,
				contains: []string{`"total":2`, `"time_zone":"Asia/Hong_Kong"`, `"countries":["HK","MO"]`}},
			{name: "points in Jing'an with odi", req: request{method: "GET", path: "/api/v1/service-points?region=310106&capability=odi"}, status: 200,
				contains: []string{`"total":1`, `"code":"JA-ODI"`}},
			{name: "points by text", req: request{method: "GET", path: "/api/v1/service-points?q=hongqiao"}, status: 200, contains: []string{`"total":1`, `"code":"HQ"`}},
			{name: "page 2", req: request{method: "GET", path: "/api/v1/service-points?page=2&per_page=20"}, status: 200, contains: []string{`"page":2`, `"total":22`}},
			{name: "page too big", req: request{method: "GET", path: "/api/v1/service-points?per_page=1000"}, status: 400, contains: []string{`"field":"per_page"`}},
			{name: "page zero", req: request{method: "GET", path: "/api/v1/service-points?page=0"}, status: 400, contains: []string{`"field":"page"`}},
			{name: "page not a number", req: request{method: "GET", path: "/api/v1/service-points?page=abc"}, status: 400},
			{name: "unknown kind", req: request{method: "GET", path: "/api/v1/service-points?kind=kiosk"}, status: 400, contains: []string{`"field":"kind"`}},
			{name: "unknown region", req: request{method: "GET", path: "/api/v1/service-points?region=999999"}, status: 400, contains: []string{`"field":"region"`}},
			{name: "unknown capability", req: request{method: "GET", path: "/api/v1/service-points?capability=magic"}, status: 400, contains: []string{`"field":"capability"`}},
			{name: "long query", req: request{method: "GET", path: "/api/v1/service-points?q=" + strings.Repeat("x", 101)}, status: 400, contains: []string{`"field":"q"`}},
			{name: "point", req: request{method: "GET", path: "/api/v1/service-points/xh"}, status: 200, contains: []string{`"code":"XH"`, `"region_code":"310104"`, `"version":1`}},
			{name: "unknown point", req: request{method: "GET", path: "/api/v1/service-points/NOPE"}, status: 404, contains: []string{`"status":404`}},
			{name: "invalid point code", req: request{method: "GET", path: "/api/v1/service-points/%00%FF"}, status: 404},
			{name: "alliances", req: request{method: "GET", path: "/api/v1/alliances"}, status: 200, contains: []string{`"total":4`, `"member_count":`}},
			{name: "alliances by scope", req: request{method: "GET", path: "/api/v1/alliances?scope=district"}, status: 200, contains: []string{`"total":2`}},
			{name: "bad scope", req: request{method: "GET", path: "/api/v1/alliances?scope=galaxy"}, status: 400},
			{name: "alliances page too big", req: request{method: "GET", path: "/api/v1/alliances?per_page=101"}, status: 400},
			{name: "alliance", req: request{method: "GET", path: "/api/v1/alliances/g60"}, status: 200, contains: []string{`"scope":"multi_city"`, `"regions":["310117"`}},
			{name: "unknown alliance", req: request{method: "GET", path: "/api/v1/alliances/NOPE"}, status: 404},
			{name: "members", req: request{method: "GET", path: "/api/v1/alliances/XH-GSA/members"}, status: 200,
				contains: []string{`"total":15`, `"provider":{"id":`, "上海沪瀚律师事务所"}},
			{name: "members bad status", req: request{method: "GET", path: "/api/v1/alliances/XH-GSA/members?status=gold"}, status: 400},
			{name: "members of unknown alliance", req: request{method: "GET", path: "/api/v1/alliances/NOPE/members"}, status: 404},
			{name: "anonymous create", req: request{method: "POST", path: "/api/v1/service-points", body: `{"code":"ZZ"}`}, status: 401},
			{name: "anonymous update", req: request{method: "PUT", path: "/api/v1/service-points/XH", body: `{"version":1}`}, status: 401},
			{name: "anonymous alliance create", req: request{method: "POST", path: "/api/v1/alliances", body: `{}`}, status: 401},
			{name: "anonymous alliance update", req: request{method: "PUT", path: "/api/v1/alliances/G60", body: `{}`}, status: 401},
			{name: "anonymous member add", req: request{method: "POST", path: "/api/v1/alliances/G60/members", body: `{}`}, status: 401},
			{name: "wrong method", req: request{method: "DELETE", path: "/api/v1/service-points/XH"}, status: 405},
		})
		if _, err := e.app.Network.PointByCode(context.Background(), "ZZ"); err == nil {
			t.Error("an anonymous request created a point")
		}
		sum, _ := e.app.Network.Summarize(context.Background())
		if sum.Points[network.DistrictPoint] != 15 {
			t.Errorf("summary %+v", sum)
		}
	})
}
