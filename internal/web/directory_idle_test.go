package web_test

import (
	"context"
	"fmt"
	"testing"

	"chuhai/internal/auth"
	"chuhai/internal/directory"
)

// TestDirectoryIdleShare: the idle list says what share of the verified providers (of an alliance,
// when one is chosen) completed nothing in the months asked — the figure Korea's audit put at 55.6%.
func TestDirectoryIdleShare(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		withDemo(t, e)
		ctx := context.Background()
		xh, err := e.app.Network.PointByCode(ctx, "XH")
		if err != nil {
			t.Fatal(err)
		}
		e.as("lead", auth.NewUser{Role: auth.PointLead, PointID: xh.ID})
		share := func(alliance string) (idle, of, pct int) {
			t.Helper()
			_, idle, err := e.app.Directory.IdleProviders(ctx, directory.IdleFilter{Months: 12, Alliance: alliance, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			_, of, err = e.app.Directory.ListProviders(ctx, directory.ProviderFilter{Status: directory.ProviderVerified, Alliance: alliance, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			if idle == 0 || of <= idle {
				t.Fatalf("the demo has %d idle of %d verified providers (alliance %q): nothing to show", idle, of, alliance)
			}
			return idle, of, (idle*200 + of) / (2 * of)
		}
		idle, of, pct := share("")
		xIdle, xOf, xPct := share("XH-GSA")
		runScenarios(t, e, []scenario{
			{name: "every provider", req: request{method: "GET", path: "/console/providers/idle?months=12", actor: "lead"}, status: 200,
				contains: []string{fmt.Sprintf("已核验的 %d 家机构中，%d 家（%d%%）已满 12 个月没有完成任何服务。", of, idle, pct)}},
			{name: "one alliance, in English", req: request{method: "GET", path: "/console/providers/idle?months=12&alliance=XH-GSA", actor: "lead",
				header: map[string]string{"Accept-Language": "en"}}, status: 200,
				contains: []string{fmt.Sprintf("%d of %d verified providers (%d%%) completed nothing in 12 months.", xIdle, xOf, xPct)}},
			{name: "bad months say nothing of a share", req: request{method: "GET", path: "/console/providers/idle?months=0", actor: "lead"}, status: 400,
				absent: []string{`id="idle-share"`}},
		})
	})
}
