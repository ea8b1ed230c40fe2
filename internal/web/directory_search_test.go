package web_test

import (
	"context"
	"testing"

	"chuhai/internal/auth"
	"chuhai/internal/directory"
)

// TestDirectoryProviderSearch: the provider list's q searches the profile's text through the shared
// index (here a service's name), on the public page, in the API and in the site-wide search; a
// pending provider is found by staff only.
func TestDirectoryProviderSearch(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		port := directory.ProviderInput{NameZh: "沪滨航运法律事务所", NameEn: "Hubin Maritime Law", USCC: "91310000MA1FL4B24G",
			Categories: []string{"legal"}, Countries: []string{"LK"}, Services: []directory.Service{{Category: "legal",
				NameZh: "斯里兰卡港口特许经营合规审查", NameEn: "Sri Lanka port concession review", PriceMinFen: 1_000_000, PriceMaxFen: 3_000_000, DeliveryDays: 20}}}
		if p, err := e.app.Directory.CreateProvider(ctx, port); err != nil || p.Status != directory.ProviderVerified {
			t.Fatalf("provider: %+v %v", p, err)
		}
		if _, err := e.app.Directory.CreateProvider(ctx, directory.ProviderInput{NameZh: "待核验港口特许咨询", Categories: []string{"consulting"}}); err != nil {
			t.Fatal(err)
		}
		e.as("staff", auth.NewUser{Role: auth.PointStaff})
		runScenarios(t, e, []scenario{
			{name: "public page", req: request{method: "GET", path: "/providers?q=港口特许"}, status: 200,
				contains: []string{"沪滨航运法律事务所"}, absent: []string{"待核验港口特许咨询"}},
			{name: "in English", req: request{method: "GET", path: "/api/v1/providers?q=port+concession"}, status: 200,
				contains: []string{"沪滨航运法律事务所", `"total":1`}},
			{name: "a country's name", req: request{method: "GET", path: "/api/v1/providers?q=斯里兰卡&category=legal"}, status: 200,
				contains: []string{"沪滨航运法律事务所"}},
			{name: "staff find the pending", req: request{method: "GET", path: "/api/v1/providers?q=港口特许&status=pending", actor: "staff"}, status: 200,
				contains: []string{"待核验港口特许咨询", `"total":1`}},
			{name: "site-wide search", req: request{method: "GET", path: "/search?q=港口特许"}, status: 200,
				contains: []string{"沪滨航运法律事务所", "服务机构", `href="/providers/`}, absent: []string{"待核验港口特许咨询"}},
		})
	})
}
