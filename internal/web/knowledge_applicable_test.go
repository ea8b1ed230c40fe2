package web_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"chuhai/internal/app"
	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/auth"
	"chuhai/internal/knowledge"
	"chuhai/internal/web"
)

// profiles is a fixed set of enterprise profiles, standing in for the directory.
type profiles map[int64]knowledge.Profile

func (p profiles) Profile(_ context.Context, id int64) (knowledge.Profile, error) {
	if pr, ok := p[id]; ok {
		return pr, nil
	}
	return knowledge.Profile{}, apperr.NotFound(fmt.Sprintf("enterprise %d", id))
}

// withProfiles rebuilds e's server with enterprise profiles wired in, as app does from the directory.
func (e *env) withProfiles(p knowledge.Profiles) {
	e.t.Helper()
	a := e.app
	s, err := web.New(web.Deps{DB: a.DB, Modules: app.Modules(), Cat: a.Cat, Log: a.Log, Audit: a.Audit, Auth: a.Auth,
		Network: a.Network, Directory: a.Directory, Workday: a.Workday, Notify: a.Notify, Search: a.Search, Knowledge: a.Knowledge, Profiles: p})
	if err != nil {
		e.t.Fatal(err)
	}
	e.server = s
}

func TestWhatAppliesToAnEnterprise(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := audit.WithMeta(context.Background(), audit.Meta{ActorLogin: "demo-loader"})
		if err := knowledge.LoadDemo(ctx, e.app.Knowledge); err != nil {
			t.Fatal(err)
		}
		e.as("owner", auth.NewUser{Role: auth.EnterpriseAdmin}).as("staff", auth.NewUser{Role: auth.PointStaff}).
			as("firm", auth.NewUser{Role: auth.ProviderAdmin})
		other := e.exec(`INSERT INTO enterprise (uscc, name_zh, name_en, home_district, created_at, updated_at)
			VALUES ('91310000607221016X', '另一家公司', 'Another company', '310104', $1, $1) RETURNING id`, time.Now())
		e.as("stranger", auth.NewUser{Role: auth.EnterpriseMember, EnterpriseID: other})
		mine := e.fixtureEnterprise()
		// With the directory's profile, as app wires it: the fixture is a Xuhui firm without markets.
		runScenarios(t, e, []scenario{
			{name: "profile from the directory", req: request{method: "GET", path: fmt.Sprintf("/api/v1/enterprises/%d/applicable", mine), actor: "owner"},
				status: 200, contains: []string{`"district":"310104"`, `"dimension":"district","value":"310104"`}},
		})
		e.withProfiles(profiles{mine: {EnterpriseID: mine, District: "310104", Industry: "C38", Size: "medium", Ownership: "private",
			Markets: []string{"VN", "SA"}}})
		path := fmt.Sprintf("/api/v1/enterprises/%d/applicable", mine)
		runScenarios(t, e, []scenario{
			{name: "its own user", req: request{method: "GET", path: path, actor: "owner"}, status: 200,
				contains: []string{"徐汇区企业出海专业服务补贴实施细则（2025年版）", `"dimension":"district","value":"310104"`,
					`"dimension":"country","value":"SA"`, `"dimension":"all"`}, absent: []string{"静安区企业出海服务券实施细则", "（2023年版）"}},
			{name: "the alerts for its markets", req: request{method: "GET", path: path, actor: "owner"}, status: 200,
				contains: []string{`"alerts":[{"alert":`}},
			{name: "staff advising it", req: request{method: "GET", path: path, actor: "staff"}, status: 200},
			{name: "another enterprise's user", req: request{method: "GET", path: path, actor: "stranger"}, status: 403},
			{name: "a provider", req: request{method: "GET", path: path, actor: "firm"}, status: 403},
			{name: "anonymous", req: request{method: "GET", path: path}, status: 401},
			{name: "no such enterprise", req: request{method: "GET", path: "/api/v1/enterprises/999999/applicable", actor: "staff"}, status: 404},
			{name: "bad id", req: request{method: "GET", path: "/api/v1/enterprises/x/applicable", actor: "staff"}, status: 400},
			{name: "the enterprise's console shows the alerts for its markets", req: request{method: "GET", path: "/console", actor: "owner"}, status: 200,
				contains: []string{"提醒在越中国公民注意防范台风（示例）", fmt.Sprintf(`href="/enterprises/%d/applicable"`, mine)},
				absent:   []string{"墨西哥"}},
			{name: "staff consoles do not", req: request{method: "GET", path: "/console", actor: "staff"}, status: 200, absent: []string{"console-alerts"}},
			{name: "the page", req: request{method: "GET", path: fmt.Sprintf("/enterprises/%d/applicable", mine), actor: "owner"}, status: 200,
				contains: []string{"适用于我的政策与提醒", "区县：徐汇区", "目标国家：沙特阿拉伯"}},
		})
	})
}
