package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/money"
	"chuhai/internal/network"
	"chuhai/internal/subsidy"
	"chuhai/internal/workday"
)

// subsidyWorld stands in for the directory's enterprise and provider profiles and casework's
// invoices; region, alliance and category names come from the application's own wiring.
type subsidyWorld struct {
	names       subsidy.Directory
	mu          sync.Mutex
	enterprises map[int64]subsidy.EnterpriseFacts
	providers   map[int64]subsidy.ProviderFacts
	invoices    map[int64]subsidy.Invoice
}

func (w *subsidyWorld) Enterprise(_ context.Context, id int64) (subsidy.EnterpriseFacts, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if e, ok := w.enterprises[id]; ok {
		return e, nil
	}
	return subsidy.EnterpriseFacts{}, apperr.NotFound("enterprise")
}

func (w *subsidyWorld) Provider(_ context.Context, id int64) (subsidy.ProviderFacts, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if p, ok := w.providers[id]; ok {
		return p, nil
	}
	return subsidy.ProviderFacts{}, apperr.NotFound("provider")
}

func (w *subsidyWorld) Names(ctx context.Context) (subsidy.Names, error) { return w.names.Names(ctx) }

func (w *subsidyWorld) Invoice(_ context.Context, id int64) (subsidy.Invoice, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if inv, ok := w.invoices[id]; ok {
		return inv, nil
	}
	return subsidy.Invoice{}, apperr.NotFound("invoice")
}

// subsidyEnv is a running chuhai with a Xuhui enterprise (the fixture) and a Jing'an one, a Xuhui law
// firm in the Xuhui alliance, staff and a lead at the Xuhui point, a lead at a Jing'an point and a
// coordinator. The subsidy clock stands on Wednesday 10 June 2026.
type subsidyEnv struct {
	*env
	w                  *subsidyWorld
	xuhui, jingan, law int64
	jaPoint            int64
	now                time.Time
	nextInvoice        int64
}

func newSubsidyEnv(t *testing.T, e *env) *subsidyEnv {
	t.Helper()
	se := &subsidyEnv{env: e, now: time.Date(2026, 6, 10, 2, 0, 0, 0, time.UTC)}
	se.w = &subsidyWorld{names: e.app.Subsidy.Directory, enterprises: map[int64]subsidy.EnterpriseFacts{},
		providers: map[int64]subsidy.ProviderFacts{}, invoices: map[int64]subsidy.Invoice{}}
	e.app.Subsidy.Directory = se.w
	e.app.Subsidy.SetEngagements(se.w)
	e.app.Subsidy.Now = func() time.Time { return se.now }
	se.xuhui, se.law = e.fixtureEnterprise(), e.fixtureProvider()
	se.jingan = e.exec(`INSERT INTO enterprise (uscc, name_zh, name_en, home_district, created_at, updated_at)
		VALUES ('91310106MA1FL4B24X', '上海静安岭南生物医药有限公司', 'Jing''an Lingnan Biopharma', '310106', $1, $1) RETURNING id`, time.Now())
	se.jaPoint = e.exec(`INSERT INTO service_point (code, kind, name_zh, name_en, region_code, created_at, updated_at)
		VALUES ('JA', 'district_point', '静安区服务点', 'Jing''an point', '310106', $1, $1) RETURNING id`, time.Now())
	for _, al := range []network.AllianceInput{
		{Code: "XH-GSA", NameZh: "徐汇区出海服务联盟", NameEn: "Xuhui Going-Global Service Alliance", Scope: network.ScopeDistrict, OwnerRegion: "310104"},
		{Code: "SH-PSA", NameZh: "上海市企业走出去专业服务联盟", NameEn: "Shanghai Going-Global Professional Services Alliance", Scope: network.ScopeCity, OwnerRegion: network.ShanghaiCode},
	} {
		if _, err := e.app.Network.CreateAlliance(context.Background(), al); err != nil {
			t.Fatal(err)
		}
	}
	se.w.enterprises[se.xuhui] = subsidy.EnterpriseFacts{ID: se.xuhui, NameZh: "上海示例精密制造有限公司", HomeDistrict: "310104", Industry: "C34", SizeClass: "medium"}
	se.w.enterprises[se.jingan] = subsidy.EnterpriseFacts{ID: se.jingan, NameZh: "上海静安岭南生物医药有限公司", HomeDistrict: "310106"}
	se.w.providers[se.law] = subsidy.ProviderFacts{ID: se.law, NameZh: "示例律师事务所", NameEn: "Example Law Firm", Offices: []string{"310104"},
		Categories: []string{"legal"}, Alliances: []string{"XH-GSA", "SH-PSA"}}
	e.as("coord", auth.NewUser{Role: auth.CityCoordinator, Name: "统筹员"})
	e.as("xh.staff", auth.NewUser{Role: auth.PointStaff, Name: "徐汇窗口"})
	e.as("xh.lead", auth.NewUser{Role: auth.PointLead, Name: "徐汇负责人"})
	e.as("ja.lead", auth.NewUser{Role: auth.PointLead, Name: "静安负责人", PointID: se.jaPoint})
	e.as("ent", auth.NewUser{Role: auth.EnterpriseAdmin, Name: "企业管理员"})
	e.as("other.ent", auth.NewUser{Role: auth.EnterpriseAdmin, Name: "静安企业", EnterpriseID: se.jingan})
	e.as("law", auth.NewUser{Role: auth.ProviderAdmin, Name: "律所"})
	return se
}

// invoice records an invoice between enterprise and the law firm, through the 免申即享 hook as
// casework will call it.
func (se *subsidyEnv) invoice(enterprise int64, amount money.Fen, date string) subsidy.Invoice {
	se.t.Helper()
	se.w.mu.Lock()
	se.nextInvoice++
	d, _ := workday.ParseDate(date)
	inv := subsidy.Invoice{ID: se.nextInvoice, Number: fmt.Sprintf("FP-%06d", se.nextInvoice), EngagementID: 500 + se.nextInvoice,
		EnterpriseID: enterprise, ProviderID: se.law, Category: "legal", AmountFen: amount, Date: d}
	se.w.invoices[inv.ID] = inv
	se.w.mu.Unlock()
	err := se.app.DB.InTx(context.Background(), func(tx *db.Tx) error { return se.app.Subsidy.OnInvoiceRecorded(context.Background(), tx, inv) })
	if err != nil {
		se.t.Fatal(err)
	}
	return inv
}

const xuhuiProgramme = `{"code":"XH-PRO","name_zh":"徐汇区企业出海专业服务补贴","name_en":"Xuhui going-global professional services subsidy",
	"owner_region":"310104","kind":"rate","budget_year":2026,"budget_fen":500000000,"period_from":"2026-01-01","period_to":"2026-12-31",
	"apply_from":"2026-01-01","apply_until":"2026-12-31","rules":{"home_districts":["310104"],"provider_districts":["310104"]},
	"rate_bp":3000,"cap_application_fen":30000000,"cap_enterprise_year_fen":30000000,"ceiling_bp":5000}`

const cityProgramme = `{"code":"SH-PSA","name_zh":"上海市专业服务联盟服务补贴","name_en":"Shanghai alliance services subsidy",
	"owner_region":"310000","kind":"rate","budget_year":2026,"budget_fen":2000000000,"period_from":"2026-01-01","period_to":"2026-12-31",
	"apply_from":"2026-01-01","apply_until":"2026-12-31","rules":{"provider_alliances":["SH-PSA"]},"rate_bp":4000,"cap_application_fen":100000000,"ceiling_bp":5000}`

func (se *subsidyEnv) post(actor, path, body string, into any) {
	se.t.Helper()
	resp := se.do(request{method: "POST", path: path, actor: actor, body: body})
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		se.t.Fatalf("POST %s as %s: %d %s", path, actor, resp.StatusCode, b)
	}
	if into != nil {
		if err := json.Unmarshal(b, into); err != nil {
			se.t.Fatal(err)
		}
	}
}

func TestSubsidyProgrammeAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		se := newSubsidyEnv(t, e)
		noProgramme := func(t *testing.T, e *env) {
			var n int
			if err := e.app.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM subsidy_programme`).Scan(&n); err != nil || n != 0 {
				t.Errorf("%d programmes written", n)
			}
		}
		en := map[string]string{"Accept-Language": "en"}
		runScenarios(t, e, []scenario{
			{name: "staff may not create", req: request{method: "POST", path: "/api/v1/programmes", actor: "xh.staff", body: xuhuiProgramme}, status: 403, after: noProgramme},
			{name: "enterprise may not create", req: request{method: "POST", path: "/api/v1/programmes", actor: "ent", body: xuhuiProgramme}, status: 403},
			{name: "Jing'an lead may not create for Xuhui", req: request{method: "POST", path: "/api/v1/programmes", actor: "ja.lead", body: xuhuiProgramme}, status: 403, after: noProgramme},
			{name: "malformed", req: request{method: "POST", path: "/api/v1/programmes", actor: "coord", body: `{"code":`}, status: 400},
			{name: "unknown field", req: request{method: "POST", path: "/api/v1/programmes", actor: "coord", body: `{"rate_percent":30}`}, status: 400, contains: []string{`"field":"rate_percent"`}},
			{name: "wrong type", req: request{method: "POST", path: "/api/v1/programmes", actor: "coord", body: `{"rate_bp":"30%"}`}, status: 400, contains: []string{`"field":"rate_bp"`}},
			{name: "amount overflow", req: request{method: "POST", path: "/api/v1/programmes", actor: "coord", body: `{"budget_fen":99999999999999999999}`}, status: 400, contains: []string{`"field":"budget_fen"`}},
			{name: "too large", req: request{method: "POST", path: "/api/v1/programmes", actor: "coord", body: `{"description_zh":"` + strings.Repeat("x", 70<<10) + `"}`}, status: 413},
			{name: "rate over 100% and a negative cap, in English", req: request{method: "POST", path: "/api/v1/programmes", actor: "coord", header: en,
				body: strings.Replace(strings.Replace(xuhuiProgramme, `"rate_bp":3000`, `"rate_bp":10001`, 1), `"cap_application_fen":30000000`, `"cap_application_fen":-1`, 1)},
				status: 400, contains: []string{`"field":"rate_bp"`, "cannot be over 100%", `"field":"cap_application_fen"`, "Cannot be negative"}, after: noProgramme},
			{name: "lead creates for own district", req: request{method: "POST", path: "/api/v1/programmes", actor: "xh.lead", body: xuhuiProgramme}, status: 201,
				contains: []string{`"code":"XH-PRO"`, `"budget_fen":500000000`, `"owner_kind":"district"`, `"ceiling_bp":5000`}},
			{name: "public list", req: request{method: "GET", path: "/api/v1/programmes"}, status: 200, contains: []string{`"total":1`, `"rate_bp":3000`}},
			{name: "public show", req: request{method: "GET", path: "/api/v1/programmes/1"}, status: 200, contains: []string{`"home_districts":["310104"]`}},
			{name: "bad id", req: request{method: "GET", path: "/api/v1/programmes/abc"}, status: 400},
			{name: "unknown id", req: request{method: "GET", path: "/api/v1/programmes/999"}, status: 404},
			{name: "stale update", req: request{method: "PUT", path: "/api/v1/programmes/1", actor: "xh.lead", body: strings.Replace(xuhuiProgramme, `{"code"`, `{"version":7,"code"`, 1)}, status: 409},
			{name: "update", req: request{method: "PUT", path: "/api/v1/programmes/1", actor: "xh.lead",
				body: strings.Replace(strings.Replace(xuhuiProgramme, `{"code"`, `{"version":1,"code"`, 1), `"rate_bp":3000`, `"rate_bp":3000,"combinable":true`, 1)}, status: 200, contains: []string{`"version":2`}},
			{name: "round", req: request{method: "POST", path: "/api/v1/programmes/1/rounds", actor: "xh.lead", body: `{"name":"上半年","opens_on":"2026-01-01","closes_on":"2026-06-30"}`}, status: 201},
			{name: "overlapping round", req: request{method: "POST", path: "/api/v1/programmes/1/rounds", actor: "xh.lead", body: `{"name":"下半年","opens_on":"2026-06-30","closes_on":"2026-12-31"}`},
				status: 400, contains: []string{`"field":"opens_on"`, "上半年"}},
			{name: "budget top-up", req: request{method: "POST", path: "/api/v1/programmes/1/ledger", actor: "xh.lead", body: `{"kind":"budget","amount_fen":100000000,"note":"追加"}`,
				header: map[string]string{"Idempotency-Key": "top-1"}}, status: 201, contains: []string{`"kind":"budget"`, `"idempotency_key":"top-1"`}},
			{name: "ledger for staff", req: request{method: "GET", path: "/api/v1/programmes/1/ledger", actor: "xh.staff"}, status: 200, contains: []string{`"total":2`}},
			{name: "ledger not for another district", req: request{method: "GET", path: "/api/v1/programmes/1/ledger", actor: "ja.lead"}, status: 403},
			{name: "ledger not for enterprises", req: request{method: "GET", path: "/api/v1/programmes/1/ledger", actor: "ent"}, status: 403},
			{name: "pacing", req: request{method: "GET", path: "/api/v1/programmes/1/pacing", actor: "xh.lead"}, status: 200, contains: []string{`"remaining_fen":600000000`}},
		})
		_ = se
	})
}

func TestSubsidyQuoteAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		se := newSubsidyEnv(t, e)
		se.post("xh.lead", "/api/v1/programmes", xuhuiProgramme, nil)
		quote := fmt.Sprintf(`{"enterprise_id":%d,"provider_id":%d,"category":"legal","invoice_amount_fen":120000000,"invoice_date":"2026-06-01"}`, se.xuhui, se.law)
		en := map[string]string{"Accept-Language": "en"}
		runScenarios(t, e, []scenario{
			{name: "the enterprise's quote", req: request{method: "POST", path: "/api/v1/subsidy/quotes", actor: "ent", body: quote, header: en}, status: 200,
				contains: []string{`"programme_name":"Xuhui going-global professional services subsidy"`, `"eligible":true`, `"amount_fen":30000000`,
					"rate 30% of 1,200,000.00 → 360,000.00 (rounded down to the fen)", "cap 300,000.00 applies", "remaining annual cap 300,000.00"}},
			{name: "in Chinese", req: request{method: "POST", path: "/api/v1/subsidy/quotes", actor: "xh.staff", body: quote}, status: 200,
				contains: []string{"按 30% 计算 1,200,000.00 → 360,000.00（向下取整到分）", "适用单笔上限 300,000.00"}},
			{name: "another enterprise's quote", req: request{method: "POST", path: "/api/v1/subsidy/quotes", actor: "other.ent", body: quote}, status: 403},
			{name: "providers may not quote", req: request{method: "POST", path: "/api/v1/subsidy/quotes", actor: "law", body: quote}, status: 403},
			{name: "anonymous", req: request{method: "POST", path: "/api/v1/subsidy/quotes", body: quote}, status: 401},
			{name: "bad input", req: request{method: "POST", path: "/api/v1/subsidy/quotes", actor: "coord",
				body: `{"enterprise_id":0,"provider_id":-1,"category":"magic","invoice_amount_fen":-5,"invoice_date":"2026-02-30"}`}, status: 400,
				contains: []string{`"field":"enterprise_id"`, `"field":"provider_id"`, `"field":"category"`, `"field":"invoice_amount_fen"`, `"field":"invoice_date"`}},
			{name: "amount overflow", req: request{method: "POST", path: "/api/v1/subsidy/quotes", actor: "coord",
				body: strings.Replace(quote, "120000000", "9223372036854775807", 1)}, status: 400, contains: []string{`"field":"invoice_amount_fen"`}},
			{name: "amount beyond int64", req: request{method: "POST", path: "/api/v1/subsidy/quotes", actor: "coord",
				body: strings.Replace(quote, "120000000", "92233720368547758070", 1)}, status: 400, contains: []string{`"field":"invoice_amount_fen"`}},
		})
	})
}

func TestSubsidyApplicationJourneyOverAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		se := newSubsidyEnv(t, e)
		se.post("xh.lead", "/api/v1/programmes", xuhuiProgramme, nil)
		se.post("coord", "/api/v1/programmes", cityProgramme, nil)
		inv := se.invoice(se.xuhui, 120_000_000, "2026-06-01")

		var offers struct {
			Items []struct {
				ID          int64    `json:"id"`
				AmountFen   int64    `json:"amount_fen"`
				Explanation []string `json:"explanation"`
			} `json:"items"`
		}
		resp := se.do(request{method: "GET", path: "/api/v1/subsidy/offers", actor: "ent"})
		decode(t, resp, &offers)
		if len(offers.Items) != 2 || offers.Items[1].AmountFen != 30_000_000 {
			t.Fatalf("offers %+v, want the Xuhui 300,000 and the city offer", offers)
		}
		runScenarios(t, e, []scenario{
			{name: "another enterprise cannot accept", req: request{method: "POST", path: fmt.Sprintf("/api/v1/subsidy/offers/%d/acceptance", offers.Items[1].ID), actor: "other.ent"}, status: 403},
			{name: "an application for someone else's engagement", req: request{method: "POST", path: "/api/v1/applications", actor: "other.ent",
				body: fmt.Sprintf(`{"programme_id":1,"invoice_id":%d}`, inv.ID)}, status: 403},
			{name: "accept the Xuhui offer", req: request{method: "POST", path: fmt.Sprintf("/api/v1/subsidy/offers/%d/acceptance", offers.Items[1].ID), actor: "ent"}, status: 201,
				contains: []string{`"ref":"XH-PRO-2026-000001"`, `"requested_fen":30000000`, `"state":"submitted"`, `"sla":"green"`}},
			{name: "the second programme is limited by the stacking ceiling", req: request{method: "POST", path: "/api/v1/applications", actor: "ent",
				body: fmt.Sprintf(`{"programme_id":2,"invoice_id":%d}`, inv.ID)}, status: 201, contains: []string{`"requested_fen":30000000`, "仅余 300,000.00"}},
			{name: "queue for Xuhui staff", req: request{method: "GET", path: "/api/v1/applications?state=submitted", actor: "xh.staff"}, status: 200,
				contains: []string{`"total":1`, `"XH-PRO-2026-000001"`}, absent: []string{"SH-PSA-2026"}},
			{name: "queue filters by colour", req: request{method: "GET", path: "/api/v1/applications?sla=red", actor: "xh.staff"}, status: 200, contains: []string{`"total":0`}},
			{name: "bad filter", req: request{method: "GET", path: "/api/v1/applications?sla=purple", actor: "xh.staff"}, status: 400, contains: []string{`"field":"sla"`}},
			{name: "the enterprise sees both", req: request{method: "GET", path: "/api/v1/applications", actor: "ent"}, status: 200, contains: []string{`"total":2`}},
			{name: "the other enterprise sees none", req: request{method: "GET", path: "/api/v1/applications", actor: "other.ent"}, status: 200, contains: []string{`"total":0`}},
			{name: "not allowed yet", req: request{method: "POST", path: "/api/v1/applications/1/transitions", actor: "xh.lead", body: `{"action":"approve"}`}, status: 400,
				contains: []string{`"field":"action"`}},
			{name: "unknown action", req: request{method: "POST", path: "/api/v1/applications/1/transitions", actor: "xh.lead", body: `{"action":"bribe"}`}, status: 400},
			{name: "transition of the wrong type", req: request{method: "POST", path: "/api/v1/applications/1/transitions", actor: "xh.lead", body: `{"action":1}`}, status: 400,
				contains: []string{`"field":"action"`}},
			{name: "transition too large", req: request{method: "POST", path: "/api/v1/applications/1/transitions", actor: "xh.lead",
				body: `{"action":"reject","note":"` + strings.Repeat("很", 20<<10) + `"}`}, status: 413},
			{name: "transition on a bad id", req: request{method: "POST", path: "/api/v1/applications/x1/transitions", actor: "xh.lead", body: `{"action":"approve"}`}, status: 400},
			{name: "transition on an unknown application", req: request{method: "POST", path: "/api/v1/applications/999/transitions", actor: "xh.lead", body: `{"action":"approve"}`}, status: 404},
			{name: "application without a programme", req: request{method: "POST", path: "/api/v1/applications", actor: "ent", body: `{"invoice_id":1}`}, status: 400,
				contains: []string{`"field":"programme_id"`}},
			{name: "application for an unknown programme", req: request{method: "POST", path: "/api/v1/applications", actor: "ent", body: `{"programme_id":99,"invoice_id":1}`}, status: 400,
				contains: []string{`"field":"programme_id"`}},
			{name: "Jing'an cannot review", req: request{method: "POST", path: "/api/v1/applications/1/transitions", actor: "ja.lead", body: `{"action":"point_approve"}`}, status: 403},
			{name: "point review", req: request{method: "POST", path: "/api/v1/applications/1/transitions", actor: "xh.staff", body: `{"action":"point_approve"}`}, status: 200,
				contains: []string{`"state":"point_approved"`}},
			{name: "owner approval", req: request{method: "POST", path: "/api/v1/applications/1/transitions", actor: "xh.lead", body: `{"action":"approve"}`}, status: 200,
				contains: []string{`"state":"approved"`, `"approved_fen":30000000`}},
			{name: "payment", req: request{method: "POST", path: "/api/v1/applications/1/transitions", actor: "xh.lead", body: `{"action":"pay"}`,
				header: map[string]string{"Idempotency-Key": "xh-pay-1"}}, status: 200, contains: []string{`"state":"paid"`}},
			{name: "the same payment again", req: request{method: "POST", path: "/api/v1/applications/1/transitions", actor: "xh.lead", body: `{"action":"pay"}`,
				header: map[string]string{"Idempotency-Key": "xh-pay-1"}}, status: 200, contains: []string{`"state":"paid"`}},
			{name: "a second payment", req: request{method: "POST", path: "/api/v1/applications/1/transitions", actor: "xh.lead", body: `{"action":"pay","idempotency_key":"xh-pay-2"}`}, status: 409},
			{name: "pacing shows the new remaining budget", req: request{method: "GET", path: "/api/v1/programmes/1/pacing", actor: "xh.lead"}, status: 200,
				contains: []string{`"paid_fen":30000000`, `"remaining_fen":470000000`}},
		})
		// A third programme finds the invoice claimed to its ceiling: a field error, nothing written.
		se.post("ja.lead", "/api/v1/programmes", strings.NewReplacer(`"code":"XH-PRO"`, `"code":"JA-PRO"`, `"owner_region":"310104"`, `"owner_region":"310106"`,
			`"rules":{"home_districts":["310104"],"provider_districts":["310104"]}`, `"rules":{}`).Replace(xuhuiProgramme), nil)
		runScenarios(t, e, []scenario{
			{name: "an invoice already claimed up to its ceiling", req: request{method: "POST", path: "/api/v1/applications", actor: "ent",
				body: fmt.Sprintf(`{"programme_id":3,"invoice_id":%d}`, inv.ID)}, status: 400, contains: []string{`"field":"invoice_id"`, "叠加上限"},
				after: func(t *testing.T, e *env) {
					var n int
					_ = e.app.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM subsidy_application`).Scan(&n)
					if n != 2 {
						t.Errorf("%d applications, want 2", n)
					}
				}},
		})
	})
}

func TestSubsidyVoucherAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		se := newSubsidyEnv(t, e)
		se.post("ja.lead", "/api/v1/programmes", `{"code":"JA-VOUCHER","name_zh":"静安区企业出海服务券","owner_region":"310106","kind":"voucher",
			"budget_year":2026,"budget_fen":100000000,"period_from":"2026-01-01","period_to":"2026-12-31","apply_from":"2026-01-01","apply_until":"2026-12-31",
			"cap_application_fen":5000000}`, nil)
		inv := se.invoice(se.xuhui, 3_000_000, "2026-06-05")
		var v subsidy.Voucher
		se.post("ja.lead", "/api/v1/vouchers", fmt.Sprintf(`{"programme_id":1,"enterprise_id":%d,"face_fen":5000000,"valid_from":"2026-06-01","valid_until":"2026-06-30"}`, se.xuhui), &v)
		redeem := fmt.Sprintf(`{"engagement_id":%d,"invoice_id":%d,"amount_fen":1200000}`, inv.EngagementID, inv.ID)
		runScenarios(t, e, []scenario{
			{name: "Xuhui cannot issue Jing'an vouchers", req: request{method: "POST", path: "/api/v1/vouchers", actor: "xh.lead",
				body: fmt.Sprintf(`{"programme_id":1,"enterprise_id":%d,"face_fen":100,"valid_from":"2026-06-01","valid_until":"2026-06-30"}`, se.xuhui)}, status: 403},
			{name: "the holder sees it", req: request{method: "GET", path: fmt.Sprintf("/api/v1/vouchers/%d", v.ID), actor: "ent"}, status: 200, contains: []string{`"balance_fen":5000000`}},
			{name: "another enterprise does not", req: request{method: "GET", path: fmt.Sprintf("/api/v1/vouchers/%d", v.ID), actor: "other.ent"}, status: 403},
			{name: "enterprises cannot redeem", req: request{method: "POST", path: fmt.Sprintf("/api/v1/vouchers/%d/redemptions", v.ID), actor: "ent", body: redeem}, status: 403},
			{name: "the provider redeems part", req: request{method: "POST", path: fmt.Sprintf("/api/v1/vouchers/%d/redemptions", v.ID), actor: "law", body: redeem,
				header: map[string]string{"Idempotency-Key": "r1"}}, status: 201, contains: []string{`"state":"pending"`, `"settle_due_on":"2026-06-25"`}},
			{name: "more than the balance", req: request{method: "POST", path: fmt.Sprintf("/api/v1/vouchers/%d/redemptions", v.ID), actor: "law",
				body: strings.Replace(redeem, "1200000", "3800001", 1)}, status: 400, contains: []string{`"field":"amount_fen"`}},
			{name: "the provider finds it by code", req: request{method: "GET", path: "/api/v1/vouchers?code=" + v.Code, actor: "law"}, status: 200, contains: []string{`"balance_fen":3800000`}},
			{name: "settlement", req: request{method: "POST", path: "/api/v1/redemptions/1/settlement", actor: "ja.lead", body: `{"note":"已转账"}`}, status: 200,
				contains: []string{`"state":"settled"`, `"settle_working_days":0`}},
			{name: "settling twice", req: request{method: "POST", path: "/api/v1/redemptions/1/settlement", actor: "ja.lead", body: `{}`}, status: 409},
			{name: "issue by form", req: request{method: "POST", path: "/subsidy/programmes/1/vouchers", actor: "ja.lead",
				body: "uscc=91310106MA1FL4B24X&face=10,000.00&valid_from=2026-06-01&valid_until=2026-09-30"}, status: 303},
			{name: "the directory keeps other districts' enterprises from a district lead", req: request{method: "POST", path: "/subsidy/programmes/1/vouchers",
				actor: "ja.lead", body: "uscc=91310000MA1FL4B24G&face=10,000.00&valid_from=2026-06-01&valid_until=2026-09-30"}, status: 403},
			{name: "issue by form to an unknown code", req: request{method: "POST", path: "/subsidy/programmes/1/vouchers", actor: "ja.lead",
				body: "uscc=91310000MA1FL4B2XX&face=10&valid_from=2026-06-01&valid_until=2026-09-30"}, status: 400, contains: []string{"没有这家企业"}},
			{name: "issue form on the programme page", req: request{method: "GET", path: "/subsidy/programmes/1", actor: "ja.lead"}, status: 200,
				contains: []string{`action="/subsidy/programmes/1/vouchers"`}},
			{name: "the holder's voucher page", req: request{method: "GET", path: fmt.Sprintf("/subsidy/vouchers/%d", v.ID), actor: "ent"}, status: 200,
				contains: []string{v.Code, "38,000.00"}, absent: []string{`action="/subsidy/vouchers/`}},
			{name: "the provider's redemption form", req: request{method: "GET", path: fmt.Sprintf("/subsidy/vouchers/%d", v.ID), actor: "law"}, status: 200,
				contains: []string{fmt.Sprintf(`action="/subsidy/vouchers/%d/redemptions"`, v.ID)}},
			{name: "settlement report on pacing", req: request{method: "GET", path: "/api/v1/programmes/1/pacing", actor: "ja.lead"}, status: 200,
				contains: []string{`"settled":1`, `"settled_within_target":1`, `"paid_fen":1200000`}},
		})
	})
}

func TestSubsidyPages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		se := newSubsidyEnv(t, e)
		se.post("xh.lead", "/api/v1/programmes", xuhuiProgramme, nil)
		se.invoice(se.xuhui, 120_000_000, "2026-06-01")
		en := map[string]string{"Accept-Language": "en"}
		runScenarios(t, e, []scenario{
			{name: "programme list", req: request{method: "GET", path: "/subsidy"}, status: 200, contains: []string{"<h1>补贴与服务券</h1>", "徐汇区企业出海专业服务补贴", "按发票金额的 30%", "5,000,000.00"}},
			{name: "programme page", req: request{method: "GET", path: "/subsidy/programmes/1", header: en}, status: 200,
				contains: []string{"30% of the invoice, at most 300,000.00 yuan", "Provider has an office in (in-district provider)", "Xuhui"}},
			{name: "offers page", req: request{method: "GET", path: "/subsidy/offers", actor: "ent"}, status: 200,
				contains: []string{"300,000.00", `action="/subsidy/offers/1/accept"`, "按 30% 计算", "✓ 示例律师事务所在徐汇区设有机构（区内服务商）。"}, absent: []string{"no value"}},
			{name: "one click", req: request{method: "POST", path: "/subsidy/offers/1/accept", actor: "ent"}, status: 303},
			{name: "queue with colours", req: request{method: "GET", path: "/subsidy/applications", actor: "xh.staff"}, status: 200,
				contains: []string{"XH-PRO-2026-000001", `class="sla sla-green"`, "<h1>审核队列</h1>"}},
			{name: "application page for staff", req: request{method: "GET", path: "/subsidy/applications/1", actor: "xh.staff"}, status: 200,
				contains: []string{`value="point_approve"`, "适用单笔上限 300,000.00", "✓ 注册所在区徐汇区符合条件。"}, absent: []string{"no value"}},
			{name: "point review by form", req: request{method: "POST", path: "/subsidy/applications/1/transitions", actor: "xh.staff", body: "action=point_approve"}, status: 303},
			{name: "owner approval by form", req: request{method: "POST", path: "/subsidy/applications/1/transitions", actor: "xh.lead", body: "action=approve"}, status: 303},
			{name: "the pay form", req: request{method: "GET", path: "/subsidy/applications/1", actor: "xh.lead"}, status: 200, contains: []string{`value="pay-XH-PRO-2026-000001-1"`}},
			{name: "payment by form", req: request{method: "POST", path: "/subsidy/applications/1/transitions", actor: "xh.lead", body: "action=pay&idempotency_key=pay-XH-PRO-2026-000001-1"}, status: 303},
			{name: "pacing page", req: request{method: "GET", path: "/subsidy/programmes/1/pacing", actor: "xh.lead"}, status: 200,
				contains: []string{`data-chart="burndown"`, `id="pacing-remaining">4,700,000.00`, "echarts.min", "subsidy-pacing"}},
			{name: "pacing data", req: request{method: "GET", path: "/subsidy/pacing/1/data.json", actor: "xh.lead"}, status: 200, contains: []string{`"remaining":[4700000]`}},
			{name: "budget top-up by form", req: request{method: "POST", path: "/subsidy/programmes/1/ledger", actor: "xh.lead",
				body: "kind=budget&amount=1,000,000.00&note=追加预算&idempotency_key=b-1"}, status: 303},
			{name: "the same form twice books once", req: request{method: "POST", path: "/subsidy/programmes/1/ledger", actor: "xh.lead",
				body: "kind=budget&amount=1,000,000.00&note=追加预算&idempotency_key=b-1"}, status: 303,
				after: func(t *testing.T, e *env) {
					b, err := e.app.Subsidy.Balances(context.Background(), 1)
					if err != nil || b.BudgetFen != 600_000_000 {
						t.Errorf("budget %+v %v, want 6,000,000.00", b, err)
					}
				}},
			{name: "reverse a commitment by form", req: request{method: "POST", path: "/subsidy/programmes/1/ledger", actor: "xh.lead",
				body: "kind=reversal&reverses_id=2&note=错"}, status: 400, contains: []string{"只能冲销预算条目和支付条目"}},
			{name: "reversal with a bad id", req: request{method: "POST", path: "/subsidy/programmes/1/ledger", actor: "xh.lead", body: "kind=reversal&reverses_id=x&note=错"}, status: 400},
			{name: "ledger forms are the owner's", req: request{method: "POST", path: "/subsidy/programmes/1/ledger", actor: "ja.lead",
				body: "kind=budget&amount=1&note=x"}, status: 403},
			{name: "pacing is for staff", req: request{method: "GET", path: "/subsidy/programmes/1/pacing", actor: "ent"}, status: 403},
			{name: "programme form", req: request{method: "GET", path: "/subsidy/programmes/1/edit", actor: "xh.lead"}, status: 200, contains: []string{`name="rules.provider_districts"`}},
			{name: "programme form for another district", req: request{method: "GET", path: "/subsidy/programmes/1/edit", actor: "ja.lead"}, status: 403},
			{name: "form errors beside fields", req: request{method: "POST", path: "/subsidy/programmes", actor: "xh.lead",
				body: "code=XH2&name_zh=x&owner_region=310104&kind=rate&budget_year=2026&budget_fen=abc&rate_bp=20000&ceiling_bp=10000&period_from=2026-01-01&period_to=2026-12-31&apply_from=2026-01-01&apply_until=2026-12-31&review_days=5&owner_days=10&info_days=10&settle_days=10"},
				status: 400, contains: []string{`id="e-budget_fen"`}},
			{name: "rate over 100% beside its field", req: request{method: "POST", path: "/subsidy/programmes", actor: "xh.lead",
				body: "code=XH2&name_zh=x&owner_region=310104&kind=rate&budget_year=2026&budget_fen=100&rate_bp=20000&ceiling_bp=10000&period_from=2026-01-01&period_to=2026-12-31&apply_from=2026-01-01&apply_until=2026-12-31&review_days=5&owner_days=10&info_days=10&settle_days=10"},
				status: 400, contains: []string{`id="e-rate_bp"`, "100%"}},
			{name: "vouchers page", req: request{method: "GET", path: "/subsidy/vouchers", actor: "ent"}, status: 200},
			{name: "quote form", req: request{method: "GET", path: "/subsidy/quote", actor: "ent"}, status: 200, contains: []string{`name="provider"`}, absent: []string{`name="uscc"`}},
			{name: "quote page", req: request{method: "GET", path: "/subsidy/quote?provider=1&category=legal&amount=1,200,000.00&date=2026-06-01", actor: "ent"}, status: 200,
				contains: []string{"徐汇区企业出海专业服务补贴", "按 30% 计算 1,200,000.00 → 360,000.00（向下取整到分）", "本年度剩余额度 0.00"}},
			{name: "quote page for staff by USCC", req: request{method: "GET", path: "/subsidy/quote?uscc=91310000MA1FL4B24G&provider=1&category=legal&amount=100&date=2026-06-01",
				actor: "xh.staff", header: en}, status: 200, contains: []string{"rate 30% of 100.00 → 30.00 (rounded down to the fen)"}},
			{name: "quote page for another district's enterprise", req: request{method: "GET", path: "/subsidy/quote?uscc=91310106MA1FL4B24X&provider=1&category=legal&amount=100&date=2026-06-01",
				actor: "xh.staff"}, status: 403},
			{name: "quote page with an unknown USCC", req: request{method: "GET", path: "/subsidy/quote?uscc=91310106MA1FL4B2XX&provider=1&category=legal&amount=100&date=2026-06-01",
				actor: "xh.staff"}, status: 400},
			{name: "quote page with a bad amount", req: request{method: "GET", path: "/subsidy/quote?provider=1&category=legal&amount=1.234&date=2026-06-01", actor: "ent"}, status: 400},
			{name: "quote page with a bad date", req: request{method: "GET", path: "/subsidy/quote?provider=1&category=legal&amount=1&date=tomorrow", actor: "ent"}, status: 400,
				contains: []string{"YYYY-MM-DD"}},
		})
	})
}

func TestSubsidyRewardApplicationByForm(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		se := newSubsidyEnv(t, e)
		se.w.enterprises[se.jingan] = subsidy.EnterpriseFacts{ID: se.jingan, NameZh: "上海静安岭南生物医药有限公司", HomeDistrict: "310106", Areas: []string{"SH-LINGANG"}}
		se.post("coord", "/api/v1/programmes", `{"code":"LG-HQ","name_zh":"临港新片区“走出去”功能型总部奖励","owner_region":"SH-LINGANG","kind":"review",
			"budget_year":2026,"budget_fen":5000000000,"period_from":"2026-01-01","period_to":"2026-12-31","apply_from":"2026-01-01","apply_until":"2026-12-31",
			"rules":{"areas":["SH-LINGANG"]},"cap_application_fen":1000000000,"combinable":false,
			"documents":[{"code":"hq_recognition","name_zh":"功能型总部认定材料","required":true}]}`, nil)
		runScenarios(t, e, []scenario{
			{name: "the form is offered to enterprises", req: request{method: "GET", path: "/subsidy/programmes/1", actor: "other.ent"}, status: 200,
				contains: []string{`action="/subsidy/programmes/1/applications"`, "最高 10,000,000.00 元"}},
			{name: "not to staff", req: request{method: "GET", path: "/subsidy/programmes/1", actor: "xh.staff"}, status: 200, absent: []string{`action="/subsidy/programmes/1/applications"`}},
			{name: "a required document missing", req: request{method: "POST", path: "/subsidy/programmes/1/applications", actor: "other.ent",
				body: "requested=2,500,000&justification=区域总部"}, status: 400, contains: []string{"功能型总部认定材料"}},
			{name: "no justification", req: request{method: "POST", path: "/subsidy/programmes/1/applications", actor: "other.ent",
				body: "requested=2,500,000&documents=hq_recognition"}, status: 400},
			{name: "a Xuhui enterprise is not registered in Lingang", req: request{method: "POST", path: "/subsidy/programmes/1/applications", actor: "ent",
				body: "requested=2500000&justification=x&documents=hq_recognition"}, status: 400, contains: []string{"未注册在中国（上海）自由贸易试验区临港新片区"}},
			{name: "apply", req: request{method: "POST", path: "/subsidy/programmes/1/applications", actor: "other.ent",
				body: "requested=12,000,000&justification=在临港设立出海功能型总部&documents=hq_recognition"}, status: 303},
			{name: "asked above the cap gets the cap", req: request{method: "GET", path: "/api/v1/applications/1", actor: "other.ent"}, status: 200,
				contains: []string{`"requested_fen":1000000000`, `"justification":"在临港设立出海功能型总部"`, "金额由评审核定，最高 10,000,000.00"}},
		})
	})
}
