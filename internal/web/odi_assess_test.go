package web_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// plantJSON is the journey's self-assessment: a local private enterprise's USD 350M greenfield plant
// in Vietnam with domestic financing.
const plantJSON = `{"enterprise_type":"local","country":"VN","industry":"C38","form":"greenfield",
	"total_investment_usd_cents":35000000000,"chinese_investment_usd_cents":35000000000,"domestic_input":true,"via_overseas_subsidiary":false}`

// withPlant replaces one "name":value pair of plantJSON.
func withPlant(field, value string) string {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(plantJSON), &m); err != nil {
		panic(err)
	}
	if value == "" {
		delete(m, field)
	} else {
		m[field] = json.RawMessage(value)
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// offshore turns a body into a project done by an overseas subsidiary with funds raised abroad.
func offshore(body string) string {
	body = strings.Replace(body, `"domestic_input":true`, `"domestic_input":false`, 1)
	return strings.Replace(body, `"via_overseas_subsidiary":false`, `"via_overseas_subsidiary":true`, 1)
}

func TestODIAssessmentAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		post := func(body string) request {
			return request{method: "POST", path: "/api/v1/odi/assessments", body: body}
		}
		en := func(r request) request { r.header = map[string]string{"Accept-Language": "en"}; return r }
		runScenarios(t, e, []scenario{
			{name: "the journey: NDRC filing (national), MOFCOM filing (provincial), SAFE registration at the bank", req: post(plantJSON), status: 200,
				contains: []string{`{"steps":[{"authority":"NDRC","action":"filing","level":"national","time_limit_workdays":7,"documents":["境外投资项目备案表"`,
					`{"authority":"MOFCOM","action":"filing","level":"provincial","time_limit_workdays":3,`,
					`{"authority":"SAFE","action":"filing","level":"bank","time_limit_workdays":0,`,
					`"basis":"《企业境外投资管理办法》（国家发展和改革委员会令第11号）第十四条"`, "上海市商务委员会", `"warnings":["`},
				absent: []string{`"key"`, `"regime"`, "odi."}},
			{name: "explanations follow Accept-Language", req: en(post(plantJSON)), status: 200,
				contains: []string{"is filed with NDRC", "Shanghai Municipal Commission of Commerce", `"Business licence"`, "NDRC Order No. 11), Art. 14"},
				absent:   []string{"备案表"}},
			{name: "the response has exactly the documented keys", req: post(plantJSON), status: 200,
				after: func(t *testing.T, e *env) {
					resp := e.do(post(plantJSON))
					var body map[string]any
					decode(t, resp, &body)
					if len(body) != 2 || body["steps"] == nil || body["warnings"] == nil {
						t.Errorf("top-level keys %v", body)
					}
					for _, s := range body["steps"].([]any) {
						m := s.(map[string]any)
						keys := []string{}
						for k := range m {
							keys = append(keys, k)
						}
						if len(m) != 7 {
							t.Errorf("step keys %v", keys)
						}
					}
				}},
			{name: "a self-assessment stores nothing", req: post(plantJSON), status: 200,
				after: func(t *testing.T, e *env) {
					if n := e.count(t, `SELECT COUNT(*) FROM odi_project`) + e.count(t, `SELECT COUNT(*) FROM audit_entry WHERE action LIKE 'odi.%'`); n != 0 {
						t.Errorf("%d rows written by self-assessments", n)
					}
				}},
			{name: "a sensitive industry needs NDRC approval whatever the amount", req: post(withPlant("industry", `"K70"`)), status: 200,
				contains: []string{`{"authority":"NDRC","action":"approval","level":"national","time_limit_workdays":20`}},
			{name: "report only: overseas subsidiary, no domestic input, USD 350M", req: post(offshore(plantJSON)),
				status: 200, contains: []string{`"authority":"NDRC","action":"report"`, `"authority":"SAFE","action":"none","level":"bank"`}},
			{name: "an offshore-funded sensitive project is warned", req: post(offshore(withPlant("industry", `"H61"`))),
				status: 200, contains: []string{`"action":"approval"`, "无论资金来源如何"}},
			{name: "codes are accepted in any case", req: post(withPlant("country", `"vn"`)), status: 200, contains: []string{`"authority":"NDRC"`}},

			// Bad input: each a field error, never a 500.
			{name: "negative amount", req: post(withPlant("total_investment_usd_cents", "-100")), status: 400,
				contains: []string{`"field":"total_investment_usd_cents"`, "金额应大于零"}},
			{name: "zero amount", req: post(withPlant("chinese_investment_usd_cents", "0")), status: 400,
				contains: []string{`"field":"chinese_investment_usd_cents"`}},
			{name: "amount beyond 64 bits", req: post(withPlant("total_investment_usd_cents", "99999999999999999999999")), status: 400,
				contains: []string{`"field":"total_investment_usd_cents"`, "金额过大"}},
			{name: "amount in exponent form beyond the limit", req: post(withPlant("total_investment_usd_cents", "1e30")), status: 400,
				contains: []string{`"field":"total_investment_usd_cents"`, "金额过大"}},
			{name: "negative beyond 64 bits", req: post(withPlant("total_investment_usd_cents", "-99999999999999999999999")), status: 400,
				contains: []string{`"field":"total_investment_usd_cents"`}},
			{name: "above the platform's limit", req: post(withPlant("total_investment_usd_cents", "100000000000001")), status: 400,
				contains: []string{`"field":"total_investment_usd_cents"`}},
			{name: "fractional cents", req: post(withPlant("total_investment_usd_cents", "12.5")), status: 400,
				contains: []string{`"field":"total_investment_usd_cents"`, "integer"}},
			{name: "amount as a string", req: post(withPlant("total_investment_usd_cents", `"350000000"`)), status: 400,
				contains: []string{`"field":"total_investment_usd_cents"`}},
			{name: "Chinese side above the total", req: post(withPlant("chinese_investment_usd_cents", "35000000001")), status: 400,
				contains: []string{`"field":"chinese_investment_usd_cents"`, "中方投资额不能大于项目总投资额"}},
			{name: "unknown country", req: post(withPlant("country", `"XX"`)), status: 400, contains: []string{`"field":"country"`, "XX"}},
			{name: "mainland China is not a destination", req: post(withPlant("country", `"CN"`)), status: 400, contains: []string{`"field":"country"`}},
			{name: "unknown industry", req: post(withPlant("industry", `"Z99"`)), status: 400, contains: []string{`"field":"industry"`, "Z99"}},
			{name: "unknown form", req: post(withPlant("form", `"merger"`)), status: 400, contains: []string{`"field":"form"`}},
			{name: "unknown enterprise type", req: post(withPlant("enterprise_type", `"private"`)), status: 400, contains: []string{`"field":"enterprise_type"`}},
			{name: "unknown registration place", req: post(withPlant("registration", `"999999"`)), status: 400, contains: []string{`"field":"registration"`}},
			{name: "missing country", req: post(withPlant("country", "")), status: 400, contains: []string{`"field":"country"`, "必填"}},
			{name: "missing industry", req: post(withPlant("industry", "")), status: 400, contains: []string{`"field":"industry"`}},
			{name: "missing form", req: post(withPlant("form", "")), status: 400, contains: []string{`"field":"form"`}},
			{name: "missing enterprise type", req: post(withPlant("enterprise_type", "")), status: 400, contains: []string{`"field":"enterprise_type"`}},
			{name: "missing total", req: post(withPlant("total_investment_usd_cents", "")), status: 400,
				contains: []string{`{"field":"total_investment_usd_cents","message":"必填。"}`}},
			{name: "missing Chinese side", req: post(withPlant("chinese_investment_usd_cents", "")), status: 400, contains: []string{`"field":"chinese_investment_usd_cents"`}},
			{name: "missing domestic input", req: post(withPlant("domestic_input", "")), status: 400, contains: []string{`"field":"domestic_input"`}},
			{name: "missing overseas subsidiary", req: post(withPlant("via_overseas_subsidiary", "")), status: 400, contains: []string{`"field":"via_overseas_subsidiary"`}},
			{name: "null counts as missing", req: post(withPlant("domestic_input", "null")), status: 400, contains: []string{`"field":"domestic_input"`}},
			{name: "empty object lists every required field", req: post(`{}`), status: 400,
				contains: []string{`"field":"enterprise_type"`, `"field":"country"`, `"field":"industry"`, `"field":"form"`,
					`"field":"total_investment_usd_cents"`, `"field":"chinese_investment_usd_cents"`, `"field":"domestic_input"`, `"field":"via_overseas_subsidiary"`}},
			{name: "field errors in English", req: en(post(withPlant("industry", `"Z99"`))), status: 400, contains: []string{"is not a GB/T 4754-2017 division code"}},
			{name: "boolean of the wrong type", req: post(withPlant("domestic_input", `"yes"`)), status: 400, contains: []string{`"field":"domestic_input"`}},
			{name: "unknown field", req: post(withPlant("colour", `"red"`)), status: 400, contains: []string{`"field":"colour"`}},
			{name: "malformed JSON", req: post(`{"country":`), status: 400, contains: []string{"JSON"}},
			{name: "empty body", req: post(``), status: 400},
			{name: "trailing data", req: post(plantJSON + `{}`), status: 400},
			{name: "too large", req: post(`{"country":"` + strings.Repeat("V", 20<<10) + `"}`), status: 413},
			{name: "wrong method", req: request{method: "GET", path: "/api/v1/odi/assessments"}, status: 405},
		})
	})
}

// plantForm is the journey as the public form posts it.
func plantForm() url.Values {
	return url.Values{"enterprise_type": {"local"}, "registration": {"310000"}, "country": {"VN"}, "industry": {"C38"}, "form": {"greenfield"},
		"total_usd": {"350,000,000"}, "chinese_usd": {"350,000,000"}, "domestic_input": {"1"}, "via_overseas_subsidiary": {"0"}}
}

func formWith(v url.Values, kv ...string) string {
	c := url.Values{}
	for k, vs := range v {
		c[k] = vs
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			c.Del(kv[i])
		} else {
			c.Set(kv[i], kv[i+1])
		}
	}
	return c.Encode()
}

func TestODIAssessmentPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		post := func(body string) request { return request{method: "POST", path: "/odi/assess", body: body} }
		runScenarios(t, e, []scenario{
			{name: "the form, for anyone", req: request{method: "GET", path: "/odi"}, status: 200,
				contains: []string{"<h1>境外投资（ODI）：我需要办理哪些手续？</h1>", `<legend>投资主体类型`, `<label for="f-country">`, `<optgroup label="C 制造业">`,
					`<option value="VN">VN 越南</option>`, `<option value="310000" selected>`, `name="total_usd"`, `aria-current="page">ODI 自评`},
				absent: []string{`value="CN"`}},
			{name: "in English", req: request{method: "GET", path: "/odi?lang=en"}, status: 200,
				contains: []string{"which approvals do I need?", "VN Vietnam", "Local enterprise (including private enterprises)"}},
			{name: "the journey's route", req: post(plantForm().Encode()), status: 200,
				contains: []string{`data-regime="ndrc" data-action="filing" data-level="national"`, `data-regime="mofcom" data-action="filing" data-level="provincial"`,
					`data-regime="safe" data-action="filing" data-level="bank"`, "国家发展和改革委员会", "上海市商务委员会", "7 个工作日", "境外投资项目备案表",
					"第十四条", `value="350,000,000"`, "需要注意", "本页填写的内容不会被保存"}},
			{name: "sensitive industry flagged with its reason", req: post(formWith(plantForm(), "industry", "K70")), status: 200,
				contains: []string{`data-regime="ndrc" data-action="approval"`, "房地产", "20 个工作日", "（可延长 10 个工作日）"}},
			{name: "amounts that are not amounts", req: post(formWith(plantForm(), "total_usd", "lots", "chinese_usd", "-5")), status: 400,
				contains: []string{`id="e-total_usd"`, `id="e-chinese_usd"`, `href="#f-total_usd"`, `aria-invalid="true"`},
				absent:   []string{"data-regime"}},
			{name: "Chinese side above the total", req: post(formWith(plantForm(), "chinese_usd", "400,000,000")), status: 400,
				contains: []string{`id="e-chinese_usd"`, "中方投资额不能大于项目总投资额"}},
			{name: "too large an amount", req: post(formWith(plantForm(), "total_usd", "99,999,999,999,999,999")), status: 400,
				contains: []string{`id="e-total_usd"`}},
			{name: "unknown codes", req: post(formWith(plantForm(), "country", "XX", "industry", "Q99")), status: 400,
				contains: []string{`id="e-country"`, `id="e-industry"`}},
			{name: "nothing chosen", req: post(formWith(plantForm(), "enterprise_type", "", "domestic_input", "", "via_overseas_subsidiary", "", "form", "")), status: 400,
				contains: []string{`href="#f-enterprise_type"`, `href="#f-domestic_input"`, `href="#f-via_overseas_subsidiary"`, `href="#f-form"`, "请更正以下内容"}},
			{name: "English errors", req: request{method: "POST", path: "/odi/assess?lang=en", body: formWith(plantForm(), "chinese_usd", "400,000,000")}, status: 400,
				contains: []string{"cannot exceed the total investment"}},
			{name: "too large a form", req: post("country=" + strings.Repeat("V", 20<<10)), status: 413},
		})
	})
}
