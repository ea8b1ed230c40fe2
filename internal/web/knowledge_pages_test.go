package web_test

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"

	"chuhai/internal/audit"
	"chuhai/internal/knowledge"
)

// TestEveryKnowledgePageRendersTheSampleContent loads the sample guides, policies and alerts and
// opens every page that shows them, in both languages, anonymous and as an editor.
func TestEveryKnowledgePageRendersTheSampleContent(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		knowledgeActors(e)
		ctx := audit.WithMeta(context.Background(), audit.Meta{ActorLogin: "demo-loader"})
		if err := knowledge.LoadDemo(ctx, e.app.Knowledge); err != nil {
			t.Fatal(err)
		}
		paths := []string{"/guides", "/policies", "/policies?status=in_force&level=district", "/policies?country=SA", "/alerts",
			"/alerts?phase=ended", "/search?q=" + url.QueryEscape("越南"), "/search?q=" + url.QueryEscape("数据合规") + "&type=policy",
			"/search?q=ODI", "/search?q=yuenan&country=VN", "/search?q=" + url.QueryEscape("补贴") + "&issuer=310104"}
		for _, c := range []string{"SA", "AE", "OM", "SG", "VN", "ID", "TH", "MY", "MX", "HU", "DE", "BR"} {
			paths = append(paths, "/guides/"+c, "/guides/"+c+"/versions")
		}
		paths = append(paths, "/guides/VN/diff?from=1&to=2", "/guides/SA?version=1")
		ps, _, err := e.app.Knowledge.ListPolicies(ctx, knowledge.PolicyFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			paths = append(paths, fmt.Sprintf("/policies/%d", p.ID))
		}
		as, _, err := e.app.Knowledge.ListAlerts(ctx, knowledge.AlertFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range as {
			paths = append(paths, fmt.Sprintf("/alerts/%d", a.ID))
		}
		for _, actor := range []string{"", "lead"} {
			for _, lang := range []string{"zh-CN", "en"} {
				for _, p := range paths {
					resp := e.do(request{method: "GET", path: p, actor: actor, header: map[string]string{"Accept-Language": lang}})
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						t.Errorf("%s as %q in %s: %d %.300s", p, actor, lang, resp.StatusCode, b)
					} else if !strings.Contains(string(b), `lang="`+lang+`"`) {
						t.Errorf("%s: not in %s", p, lang)
					}
				}
			}
		}
		runScenarios(t, e, []scenario{
			{name: "a guide shows its country's current alerts", req: request{method: "GET", path: "/guides/TH"}, status: 200,
				contains: []string{"当前安全提醒", "谨慎前往"}},
			{name: "the editors' draft alert is not public", req: request{method: "GET", path: "/alerts?country=TH"}, status: 200, absent: []string{"草稿"}},
			{name: "editors see it", req: request{method: "GET", path: "/alerts?country=TH", actor: "lead"}, status: 200, contains: []string{"草稿"}},
			{name: "superseded policy links its successor", req: request{method: "GET", path: "/policies?status=superseded"}, status: 200,
				contains: []string{"徐汇区企业出海专业服务补贴实施细则（2023年版）"}},
			{name: "the guide ranks first for its country", req: request{method: "GET", path: "/api/v1/search?q=" + url.QueryEscape("越南") + "&per_page=1"}, status: 200,
				contains: []string{`"ref":"VN"`}},
		})
	})
}
