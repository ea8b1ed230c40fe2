package web_test

import (
	"context"
	"strings"
	"testing"

	"chuhai/internal/auth"
	"chuhai/internal/workday"
)

func TestWorkdaysAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		get := func(query string) request { return request{method: "GET", path: "/api/v1/workdays?" + query} }
		runScenarios(t, e, []scenario{
			{name: "national day is skipped", req: get("from=2026-09-30&add=1"), status: 200,
				contains: []string{`{"date":"2026-10-08","provisional":false}`}},
			{name: "make-up Saturday works", req: get("from=2026-10-09&add=1"), status: 200, contains: []string{`"date":"2026-10-10"`}},
			{name: "Saturday 14 Feb 2026 works", req: get("from=2026-02-13&add=1"), status: 200, contains: []string{`"date":"2026-02-14"`}},
			{name: "statutory 20 days", req: get("from=2026-09-15&add=20"), status: 200, contains: []string{`"date":"2026-10-19","provisional":false`}},
			{name: "backwards", req: get("from=2026-10-08&add=-1"), status: 200, contains: []string{`"date":"2026-09-30"`}},
			{name: "zero", req: get("from=2026-10-01&add=0"), status: 200, contains: []string{`"date":"2026-10-01","provisional":false`}},
			{name: "unpublished year is provisional", req: get("from=2026-12-31&add=1"), status: 200,
				contains: []string{`{"date":"2027-01-01","provisional":true}`}},
			{name: "limit is allowed", req: get("from=2026-01-01&add=-1000"), status: 200, contains: []string{`"provisional":true`}},
			{name: "another region counts weekends only", req: get("from=2026-09-30&add=1&region=sg"), status: 200,
				contains: []string{`{"date":"2026-10-01","provisional":true}`}},
			{name: "explicit China", req: get("from=2026-09-30&add=1&region=CN"), status: 200, contains: []string{`"date":"2026-10-08"`}},
			{name: "missing everything", req: get(""), status: 400,
				contains: []string{`"field":"from"`, `"field":"add"`, "必填"}},
			{name: "impossible date", req: get("from=2026-02-30&add=1"), status: 400, contains: []string{`"field":"from"`, "YYYY-MM-DD"}},
			{name: "date with time", req: get("from=2026-02-01T00:00:00Z&add=1"), status: 400, contains: []string{`"field":"from"`}},
			{name: "huge n", req: get("from=2026-01-01&add=1001"), status: 400, contains: []string{`"field":"add"`, "1000"}},
			{name: "huge negative n", req: get("from=2026-01-01&add=-1001"), status: 400, contains: []string{`"field":"add"`}},
			{name: "n beyond int", req: get("from=2026-01-01&add=99999999999999999999999"), status: 400, contains: []string{`"field":"add"`}},
			{name: "n not a number", req: get("from=2026-01-01&add=3.5"), status: 400, contains: []string{`"field":"add"`}},
			{name: "bad region", req: get("from=2026-01-01&add=1&region=CHN"), status: 400, contains: []string{`"field":"region"`}},
			{name: "non-letter region", req: get("from=2026-01-01&add=1&region=1%00"), status: 400, contains: []string{`"field":"region"`}},
			{name: "English errors", req: request{method: "GET", path: "/api/v1/workdays?from=x&add=1", header: map[string]string{"Accept-Language": "en"}},
				status: 400, contains: []string{"The start date must be a valid date"}, absent: []string{"起始日期"}},
			{name: "wrong method", req: request{method: "POST", path: "/api/v1/workdays?from=2026-01-01&add=1"}, status: 405},
		})

		// Public: every role gets the same answer as an anonymous visitor.
		for _, r := range auth.Roles {
			e.as(string(r), auth.NewUser{Login: strings.ReplaceAll(string(r), "_", "-"), Role: r})
			runScenarios(t, e, []scenario{{name: "as " + string(r), req: request{method: "GET", path: "/api/v1/workdays?from=2026-09-30&add=1", actor: string(r)},
				status: 200, contains: []string{`{"date":"2026-10-08","provisional":false}`}}})
		}

		// A calendar an administrator loads is used at once.
		y, err := workday.Parse(strings.NewReader("year 2027\n2027-01-01 off 元旦\n"))
		if err != nil {
			t.Fatal(err)
		}
		if err := e.app.Workday.LoadYear(context.Background(), y); err != nil {
			t.Fatal(err)
		}
		runScenarios(t, e, []scenario{
			{name: "loaded 2027", req: get("from=2026-12-31&add=1"), status: 200, contains: []string{`{"date":"2027-01-04","provisional":false}`}},
		})
	})
}
