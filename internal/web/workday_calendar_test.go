package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http/httptest"
	"net/url"
	"testing"

	"chuhai/internal/auth"
)

const calendar2027 = "# 国务院办公厅关于2027年部分节假日安排的通知（测试）\nyear 2027\n2027-01-01 off 元旦\n2027-10-01 off 国庆节\n2027-09-26 on 国庆节调休上班\n"

// TestAdministratorLoadsACalendarFromThePage: the page loads a year as the CLI does, refuses a bad
// calendar as a whole with its errors by line, and is for system administrators only.
func TestAdministratorLoadsACalendarFromThePage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.as("admin", auth.NewUser{Role: auth.SystemAdmin}).as("coord", auth.NewUser{Role: auth.CityCoordinator})
		years := func(want int) func(t *testing.T, e *env) {
			return func(t *testing.T, e *env) {
				if n := e.count(t, `SELECT COUNT(*) FROM workday_year`); n != want {
					t.Errorf("%d years loaded, want %d", n, want)
				}
			}
		}
		form := func(text string) string { return url.Values{"text": {text}}.Encode() }
		en := map[string]string{"Accept-Language": "en"}
		runScenarios(t, e, []scenario{
			{name: "page", req: request{method: "GET", path: "/console/calendar", actor: "admin"}, status: 200,
				contains: []string{"工作日日历", `name="text"`, `name="file"`}},
			{name: "coordinators may not", req: request{method: "GET", path: "/console/calendar", actor: "coord"}, status: 403},
			{name: "coordinators may not load", req: request{method: "POST", path: "/console/calendar", actor: "coord", body: form(calendar2027)}, status: 403, after: years(0)},
			{name: "nothing sent", req: request{method: "POST", path: "/console/calendar", actor: "admin", body: "text="}, status: 400,
				contains: []string{"未载入"}, after: years(0)},
			{name: "errors by line, in English", req: request{method: "POST", path: "/console/calendar", actor: "admin", header: en,
				body: form("year 2027\n2027-02-30 off 不存在\n2027-09-27 on 周一\n")}, status: 400,
				contains: []string{"Line 2", "not a valid date", "Line 3", "already a working day", "was not loaded"}, after: years(0)},
			{name: "pasted", req: request{method: "POST", path: "/console/calendar", actor: "admin", body: form(calendar2027)}, status: 303,
				headers: map[string]string{"Location": "/console/calendar?loaded=CN-2027"}, after: years(1)},
			{name: "loaded", req: request{method: "GET", path: "/console/calendar?loaded=CN-2027", actor: "admin"}, status: 200,
				contains: []string{`id="calendar-loaded"`, "放假 2 天，调休上班 1 天", `data-year="CN-2027"`}},
			{name: "used at once", req: request{method: "GET", path: "/api/v1/workdays?from=2027-09-30&add=1"}, status: 200,
				contains: []string{`{"date":"2027-10-04","provisional":false}`}},
		})

		// The same year as an uploaded file replaces what was loaded.
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", "2027.txt")
		fw.Write([]byte("year 2027\n2027-01-01 off 元旦\n"))
		mw.Close()
		req := httptest.NewRequestWithContext(context.Background(), "POST", "/console/calendar", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+e.tokens["admin"])
		rec := httptest.NewRecorder()
		e.server.ServeHTTP(rec, req)
		if rec.Code != 303 {
			t.Fatalf("upload: %d %s", rec.Code, rec.Body)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM workday_day WHERE year = 2027`); n != 1 {
			t.Errorf("%d days after the upload replaced the year", n)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM audit_entry WHERE action = 'workday.year.load'`); n != 2 {
			t.Errorf("%d audit entries for two loads", n)
		}
	})
}
