package web_test

import (
	"fmt"
	"testing"
	"time"

	"chuhai/internal/casework"
)

// TestInvoiceThroughCaseworkOpensNoApplicationSubsidy: an invoice recorded on an engagement reaches
// subsidy in the same transaction (免申即享): a no-application programme opens its application at
// once, and the enterprise's rating reaches the provider's directory record with the rating.
func TestInvoiceThroughCaseworkOpensNoApplicationSubsidy(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := caseworkActors(t, e)
		year := time.Now().Year()
		e.casework(t, request{method: "POST", path: "/api/v1/programmes", actor: "coord", body: fmt.Sprintf(`{"code":"XH-AUTO",
			"name_zh":"徐汇区出海服务免申即享补贴","name_en":"Xuhui no-application going-global subsidy","owner_region":"310104","kind":"rate",
			"budget_year":%[1]d,"budget_fen":500000000,"period_from":"%[1]d-01-01","period_to":"%[1]d-12-31","apply_from":"%[1]d-01-01",
			"apply_until":"%[1]d-12-31","rules":{"home_districts":["310104"]},"rate_bp":3000,"cap_application_fen":30000000,
			"ceiling_bp":5000,"no_application":true}`, year)}, 201, nil)

		var req casework.Request
		e.casework(t, request{method: "POST", path: "/api/v1/requests", actor: "firm", body: odiRequest}, 201, &req)
		var refs []casework.Referral
		e.casework(t, request{method: "POST", path: "/api/v1/requests/" + req.Ref + "/referrals", actor: "odi",
			body: fmt.Sprintf(`{"provider_ids":[%d]}`, f.lawA.ID)}, 201, &refs)
		e.casework(t, request{method: "POST", path: fmt.Sprintf("/api/v1/referrals/%d/response", refs[0].ID), actor: "law-a",
			body: fmt.Sprintf(`{"accept":true,"version":%d}`, refs[0].Version)}, 200, nil)
		today := time.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01-02")
		var eng casework.Engagement
		e.casework(t, request{method: "POST", path: "/api/v1/engagements", actor: "odi",
			body: fmt.Sprintf(`{"referral_id":%d,"scope":"ODI 备案全流程","amount_fen":8000000,"start_on":"%s","end_on":"%s"}`, refs[0].ID, today, today)}, 201, &eng)
		epath := fmt.Sprintf("/api/v1/engagements/%d", eng.ID)
		e.casework(t, request{method: "POST", path: epath + "/invoices", actor: "law-a",
			body: fmt.Sprintf(`{"number":"INV-1","amount_fen":8000000,"issued_on":"%s"}`, today)}, 201, &eng)

		// 30% of 80,000 yuan, in review without the enterprise asking.
		if n := e.count(t, `SELECT COUNT(*) FROM subsidy_application a JOIN subsidy_programme p ON p.id = a.programme_id
			WHERE p.code = 'XH-AUTO' AND a.invoice_id = $1 AND a.enterprise_id = $2 AND a.origin = 'automatic' AND a.requested_fen = 2400000`,
			eng.Invoices[0].ID, f.firm.ID); n != 1 {
			t.Errorf("%d automatic applications for the invoice", n)
		}

		// Completion and rating: the provider's record changes in the rating's transaction.
		e.casework(t, request{method: "POST", path: epath + "/completion", actor: "law-a",
			body: fmt.Sprintf(`{"version":%d,"completed_on":"%s"}`, eng.Version, today)}, 200, &eng)
		before := providerRecord(t, e, f.lawA.ID)
		e.casework(t, request{method: "POST", path: epath + "/feedback", actor: "firm", body: `{"rating":4}`}, 200, nil)
		after := providerRecord(t, e, f.lawA.ID)
		if after.EngagementsCompleted != before.EngagementsCompleted+1 || after.RatingCount != before.RatingCount+1 {
			t.Errorf("provider record %+v → %+v", before, after)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM job WHERE kind = 'casework.provider_activity'`); n != 0 {
			t.Errorf("%d provider activity jobs queued", n)
		}
	})
}

type providerCounts struct{ EngagementsCompleted, RatingCount int }

func providerRecord(t *testing.T, e *env, id int64) providerCounts {
	t.Helper()
	var p providerCounts
	if err := e.app.DB.QueryRow(t.Context(), `SELECT engagements_completed, rating_count FROM provider WHERE id = $1`, id).
		Scan(&p.EngagementsCompleted, &p.RatingCount); err != nil {
		t.Fatal(err)
	}
	return p
}
